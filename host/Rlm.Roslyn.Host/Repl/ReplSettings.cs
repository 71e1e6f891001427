namespace Rlm.Roslyn.Host;

/// <summary>What <c>rlm repl</c> was asked to do, parsed and validated.</summary>
/// <param name="Paths">The context's files and folders.</param>
/// <param name="Query">The <c>Query</c> global.</param>
/// <param name="Endpoint">Where the sub-LM helpers go; null when none is configured.</param>
/// <param name="Engine">Snippet timeout, depth, concurrency and the submission policy.</param>
/// <param name="Loading">Include and exclude globs.</param>
/// <param name="Trusted">True for <c>--trusted</c>: no restricted-API analyzer.</param>
/// <param name="Python">Set for <c>--language python</c> or <c>--python</c>: where python.wasm comes from.</param>
internal sealed record ReplSettings(
    IReadOnlyList<string> Paths,
    string Query,
    EndpointSettings? Endpoint,
    RlmOptions Engine,
    ContextLoadOptions Loading,
    bool Trusted,
    HostPython? Python = null)
{
    public static readonly IReadOnlySet<string> ValueOptions = new HashSet<string>(StringComparer.Ordinal)
    {
        "endpoint", "model", "sub-model", "api-key", "query", "snippet-timeout", "max-depth", "max-concurrency", "include", "exclude",
        "language", "python-wasm", "isolation",
    };

    public static readonly IReadOnlySet<string> FlagOptions = new HashSet<string>(StringComparer.Ordinal) { "trusted", "python" };

    public static ReplSettings Parse(IReadOnlyList<string> args, HostConsole console)
    {
        var parsed = ParsedArguments.Parse(args, ValueOptions, FlagOptions);
        if (parsed.Positionals.Count == 0)
        {
            throw new UsageException("rlm repl needs at least one PATH to a file or folder: rlm repl PATH... (see 'rlm repl --help').");
        }

        if (parsed.Positionals.Contains(ContextLoader.StandardInputPath))
        {
            throw new UsageException("rlm repl reads its snippets from standard input, so - cannot be a context PATH: save the context to a file and pass that.");
        }

        var trusted = parsed.Has("trusted");
        var language = HostPython.ParseLanguage(parsed.Value("language"));
        var defaults = new RlmOptions();
        var engine = defaults with
        {
            Language = language,
            MaxDepth = parsed.Int("max-depth", 0, 10) ?? defaults.MaxDepth,
            MaxConcurrency = parsed.Int("max-concurrency", 1, 256) ?? defaults.MaxConcurrency,
            SnippetTimeout = parsed.Seconds("snippet-timeout") is { } seconds ? TimeSpan.FromSeconds(seconds) : defaults.SnippetTimeout,
            SubmissionPolicy = HostPolicy.Create(trusted),
            Isolation = HostIsolation.Parse(parsed.Value("isolation")),
        };

        return new ReplSettings(
            parsed.Positionals,
            parsed.Value("query") ?? string.Empty,
            EndpointSettings.FromOptional(parsed, console.GetEnvironmentVariable),
            engine,
            new ContextLoadOptions { Include = parsed.Values("include"), Exclude = parsed.Values("exclude") },
            trusted,
            HostPython.FromArguments(language, parsed.Has("python"), parsed.Value("python-wasm")));
    }
}
