using System.Globalization;

namespace Rlm.Roslyn.Host.Eval;

/// <summary>What <c>rlm eval</c> was asked to do, parsed and validated.</summary>
/// <param name="Task">The task family's name.</param>
/// <param name="Lengths">Context lengths in tokens.</param>
/// <param name="Count">Tasks per length.</param>
/// <param name="Seed">The generator seed.</param>
/// <param name="Methods">Method names: rlm, rlm-python, base, bm25.</param>
/// <param name="OutputFolder">The results folder.</param>
/// <param name="WindowTokens">The single-call methods' context window in tokens.</param>
/// <param name="ChunkTokens">bm25's chunk size in tokens.</param>
/// <param name="ProsePath">Real prose for niah_single_2/3.</param>
/// <param name="CodePath">The code base for codeqa.</param>
/// <param name="InputPrice">Price per million input tokens.</param>
/// <param name="OutputPrice">Price per million output tokens.</param>
/// <param name="Endpoint">The endpoint and models.</param>
/// <param name="Engine">The engine's options for the rlm method.</param>
internal sealed record EvalSettings(
    string Task,
    IReadOnlyList<int> Lengths,
    int Count,
    int Seed,
    IReadOnlyList<string> Methods,
    string OutputFolder,
    int WindowTokens,
    int ChunkTokens,
    string? ProsePath,
    string? CodePath,
    double? InputPrice,
    double? OutputPrice,
    EndpointSettings Endpoint,
    RlmOptions Engine)
{
    /// <summary>
    /// Progress on standard error: <c>--progress</c> (the live tree at a terminal, otherwise each rlm run's steps as
    /// lines too), <c>--no-progress</c>/<c>--quiet</c> (one line per task only), or automatic (the live tree at a
    /// terminal, one line per task otherwise). Default: automatic.
    /// </summary>
    public ProgressMode Progress { get; init; }

    /// <summary>The task families.</summary>
    public static readonly IReadOnlyList<string> Tasks = ["niah_single_1", "niah_single_2", "niah_single_3", "oolong", "oolong_pairs", "codeqa"];

    /// <summary>The methods.</summary>
    public static readonly IReadOnlyList<string> MethodNames = ["rlm", RlmPython, "base", "bm25"];

    /// <summary>The engine with Python blocks (CPython on WASI) instead of C# snippets, as the original RLM work ran it.</summary>
    public const string RlmPython = "rlm-python";

    /// <summary>Whether <paramref name="method"/> runs the engine (and so uses the sub-model).</summary>
    public static bool IsRlm(string method) => method is "rlm" or RlmPython;

    /// <summary>Where python.wasm comes from, when <see cref="RlmPython"/> is among the methods.</summary>
    public HostPython? Python { get; init; }

    /// <summary>Lengths when --lengths is not given: 8K to 1M tokens, doubling.</summary>
    public const string DefaultLengths = "8K,16K,32K,64K,128K,256K,512K,1M";

    /// <summary>The single-call window when --window is not given: 128K tokens (131,072), a common frontier limit.</summary>
    public const int DefaultWindowTokens = 131_072;

    /// <summary>bm25's chunk size when --chunk-tokens is not given.</summary>
    public const int DefaultChunkTokens = 512;

    /// <summary>The results folder when --out is not given.</summary>
    public const string DefaultOutputFolder = "eval-results";

    private static readonly IReadOnlySet<string> ValueOptions = new HashSet<string>(AskSettings.ValueOptions.Where(o => o is not ("trace" or "include" or "exclude" or "html" or "language")), StringComparer.Ordinal)
    {
        "lengths", "n", "seed", "method", "out", "window", "chunk-tokens", "prose", "code", "input-price", "output-price",
    };

    private static readonly IReadOnlySet<string> FlagOptions = new HashSet<string>(RunLimitArguments.FlagOptions, StringComparer.Ordinal) { "trusted", "progress", "no-progress", "quiet" };

    public static EvalSettings Parse(IReadOnlyList<string> args, HostConsole console)
    {
        var parsed = ParsedArguments.Parse(args, ValueOptions, FlagOptions);
        if (parsed.Positionals.Count != 1 || !Tasks.Contains(parsed.Positionals[0]))
        {
            throw new UsageException($"rlm eval needs one task: {string.Join(", ", Tasks)}. Run 'rlm eval --help'.");
        }

        var lengths = new List<int>();
        foreach (var part in (parsed.Value("lengths") ?? DefaultLengths).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            lengths.Add(EvalTokens.TryParse(part, out var tokens) && tokens >= 1024
                ? tokens
                : throw new UsageException($"--lengths: '{part}' is not a length from 1K to {EvalTokens.Format(EvalTokens.MaxLength)} tokens (for example 8K, 131072 or 1M)."));
        }

        if (lengths.Count == 0)
        {
            throw new UsageException("--lengths needs at least one length, for example 8K,32K,128K.");
        }

        var methods = parsed.Values("method").SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal).ToList();
        if (methods.Count == 0)
        {
            methods.Add("rlm");
        }

        if (methods.FirstOrDefault(m => !MethodNames.Contains(m)) is { } unknown)
        {
            throw new UsageException($"--method: '{unknown}' is not one of {string.Join(", ", MethodNames)}.");
        }

        var python = methods.Contains(RlmPython)
            ? HostPython.FromArguments(RlmLanguage.Python, pythonFlag: false, parsed.Value("python-wasm"))
            : parsed.Value("python-wasm") is null ? null : throw new UsageException($"--python-wasm is for --method {RlmPython}.");

        var window = parsed.Value("window") is { } windowText
            ? EvalTokens.TryParse(windowText, out var w) && w > SingleCall.ReservedTokens ? w : throw new UsageException($"--window: '{windowText}' is not a token count above {SingleCall.ReservedTokens} (for example 32K or 131072).")
            : DefaultWindowTokens;

        var engine = RunLimitArguments.RunOptions(parsed);

        var task = parsed.Positionals[0];
        var prose = parsed.Value("prose");
        if (task is "niah_single_2" or "niah_single_3" && prose is null)
        {
            throw new UsageException($"{task} puts the needle in real prose: pass --prose FILE (any plain-text book or essays, for example a Project Gutenberg .txt). niah_single_1 uses RULER's noise sentences and needs none.");
        }

        if (prose is not null && !File.Exists(prose))
        {
            throw new UsageException($"--prose: the file '{prose}' does not exist.");
        }

        var code = parsed.Value("code");
        if (task == "codeqa" && code is null)
        {
            throw new UsageException("codeqa asks about a real code base: pass --code DIR, for example the TypeScript compiler's lib folder (npm pack typescript@5.9 && tar xf typescript-5.9.*.tgz, then --code package/lib) or any checked-out source tree.");
        }

        var endpoint = EndpointSettings.From(parsed, console.GetEnvironmentVariable);
        engine = RunLimitArguments.Apply(parsed, engine, endpoint);
        return new EvalSettings(
            task,
            lengths,
            parsed.Int("n", 1, 100_000) ?? 50,
            parsed.Int("seed", 0, int.MaxValue) ?? 1,
            methods,
            parsed.Value("out") ?? DefaultOutputFolder,
            window,
            parsed.Int("chunk-tokens", 16, 1 << 20) ?? DefaultChunkTokens,
            prose,
            code,
            Price(parsed, "input-price"),
            Price(parsed, "output-price"),
            endpoint,
            engine)
        {
            Retry = RunLimitArguments.Retry(parsed),
            Progress = parsed.Has("no-progress") || parsed.Has("quiet") ? ProgressMode.Off : parsed.Has("progress") ? ProgressMode.On : ProgressMode.Auto,
            Python = python,
        };
    }

    /// <summary>The retry middleware's settings for both clients (--retries, --call-timeout), as in <c>rlm ask</c>.</summary>
    public RlmRetryOptions Retry { get; init; } = new();

    private static double? Price(ParsedArguments parsed, string name)
    {
        var text = parsed.Value(name);
        if (text is null)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && double.IsFinite(value)
            ? value
            : throw new UsageException($"--{name} must be a price per million tokens of 0 or more; got '{text}'.");
    }
}
