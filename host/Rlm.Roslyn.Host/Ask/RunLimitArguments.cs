using System.Globalization;

namespace Rlm.Roslyn.Host;

/// <summary>
/// The run options <c>rlm ask</c> and <c>rlm eval</c> share: limits, fan-out, budgets, cost, the sub-call cache and retries, read into the engine's
/// options and the retry middleware's.
/// </summary>
internal static class RunLimitArguments
{
    /// <summary>The sub-call budget when --max-sub-calls is not given: enough for big fan-outs, not for a runaway loop.</summary>
    public const long DefaultMaxSubCalls = 1_000;

    public static readonly string[] ValueOptions =
    [
        "max-tokens", "max-input-tokens", "max-output-tokens", "max-sub-calls", "max-time", "max-cost",
        "prices", "price", "cache", "retries", "call-timeout",
    ];

    public static readonly string[] FlagOptions = ["no-cache"];

    /// <summary>
    /// The run options <c>rlm ask</c> and <c>rlm eval</c> share (--max-iterations, --max-depth, --max-concurrency,
    /// --snippet-timeout, --trusted, --isolation) over the engine's defaults.
    /// </summary>
    public static RlmOptions RunOptions(ParsedArguments parsed)
    {
        var defaults = new RlmOptions();
        return defaults with
        {
            MaxIterations = parsed.Int("max-iterations", 1, 1_000) ?? defaults.MaxIterations,
            MaxDepth = parsed.Int("max-depth", 0, 10) ?? defaults.MaxDepth,
            MaxConcurrency = parsed.Int("max-concurrency", 1, 256) ?? defaults.MaxConcurrency,
            SnippetTimeout = parsed.Seconds("snippet-timeout") is { } seconds ? TimeSpan.FromSeconds(seconds) : defaults.SnippetTimeout,
            SubmissionPolicy = HostPolicy.Create(parsed.Has("trusted")),
            Isolation = HostIsolation.Parse(parsed.Value("isolation")),
        };
    }

    /// <summary><paramref name="engine"/> with the budget, prices and cache the options ask for.</summary>
    public static RlmOptions Apply(ParsedArguments parsed, RlmOptions engine, EndpointSettings endpoint)
    {
        var budget = new RlmBudget
        {
            MaxTotalTokens = Long(parsed, "max-tokens", 1),
            MaxInputTokens = Long(parsed, "max-input-tokens", 1),
            MaxOutputTokens = Long(parsed, "max-output-tokens", 1),
            MaxSubCalls = Long(parsed, "max-sub-calls", 0) ?? DefaultMaxSubCalls,
            MaxWallClock = parsed.Seconds("max-time") is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            MaxCostUsd = Dollars(parsed, "max-cost"),
        };

        var prices = PriceTable.Load(parsed.Value("prices"), parsed.Values("price"));
        if (budget.MaxCostUsd is not null)
        {
            var unpriced = new[] { endpoint.Model, endpoint.SubModel }.Distinct(StringComparer.OrdinalIgnoreCase).Where(m => !prices.ContainsKey(m)).ToList();
            if (unpriced.Count > 0)
            {
                throw new UsageException($"--max-cost needs a price for {string.Join(" and ", unpriced.Select(m => $"'{m}'"))}: add --prices FILE or --price MODEL=INPUT,OUTPUT (dollars per million tokens).");
            }
        }

        var cacheFolder = parsed.Value("cache");
        if (cacheFolder is not null && parsed.Has("no-cache"))
        {
            throw new UsageException("--cache and --no-cache contradict each other; give one.");
        }

        ISubCallCache? cache = null;
        if (cacheFolder is not null)
        {
            try
            {
                cache = new DiskSubCallCache(cacheFolder);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
            {
                throw new UsageException($"--cache: cannot use the folder '{cacheFolder}': {ex.Message}");
            }
        }

        return engine with { Budget = budget, Prices = prices, CacheSubCalls = !parsed.Has("no-cache"), SubCallCache = cache };
    }

    /// <summary>The retry middleware's settings: --retries and --call-timeout over the defaults.</summary>
    public static RlmRetryOptions Retry(ParsedArguments parsed)
    {
        var defaults = new RlmRetryOptions();
        return defaults with
        {
            MaxRetries = parsed.Int("retries", 0, 20) ?? defaults.MaxRetries,
            AttemptTimeout = parsed.Seconds("call-timeout") is { } seconds ? TimeSpan.FromSeconds(seconds) : defaults.AttemptTimeout,
        };
    }

    private static long? Long(ParsedArguments parsed, string name, long min)
    {
        var text = parsed.Value(name);
        if (text is null)
        {
            return null;
        }

        return long.TryParse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min
            ? value
            : throw new UsageException($"--{name} must be a whole number of at least {min}; got '{text}'.");
    }

    private static decimal? Dollars(ParsedArguments parsed, string name)
    {
        var text = parsed.Value(name);
        if (text is null)
        {
            return null;
        }

        return decimal.TryParse(text.TrimStart('$'), NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new UsageException($"--{name} must be an amount of US dollars above 0, e.g. 2.50; got '{text}'.");
    }
}
