namespace Rlm.Roslyn.Host;

/// <summary>What <c>rlm ask</c> was asked to do, parsed and validated.</summary>
internal sealed record AskSettings(
    string Query,
    IReadOnlyList<string> Paths,
    EndpointSettings Endpoint,
    RlmOptions Engine,
    ContextLoadOptions Loading,
    string? TracePath,
    bool Verbose,
    HostPython? Python = null)
{
    public static readonly IReadOnlySet<string> ValueOptions = new HashSet<string>(StringComparer.Ordinal)
    {
        "endpoint", "model", "sub-model", "api-key", "max-iterations", "max-depth", "snippet-timeout",
        "max-concurrency", "trace", "include", "exclude", "language", "python-wasm",
    };

    public static readonly IReadOnlySet<string> FlagOptions = new HashSet<string>(StringComparer.Ordinal) { "verbose", "trusted", "python" };

    public static AskSettings Parse(IReadOnlyList<string> args, HostConsole console)
    {
        var parsed = ParsedArguments.Parse(args, ValueOptions, FlagOptions);
        if (parsed.Positionals.Count == 0 || string.IsNullOrWhiteSpace(parsed.Positionals[0]))
        {
            throw new UsageException("rlm ask needs a question: rlm ask \"question\" PATH... (use - for standard input).");
        }

        if (parsed.Positionals.Count == 1)
        {
            throw new UsageException("rlm ask needs at least one PATH to a file or folder, or - for standard input.");
        }

        var defaults = new RlmOptions();
        var engine = defaults with
        {
            MaxIterations = parsed.Int("max-iterations", 1, 1_000) ?? defaults.MaxIterations,
            MaxDepth = parsed.Int("max-depth", 0, 10) ?? defaults.MaxDepth,
            MaxConcurrency = parsed.Int("max-concurrency", 1, 256) ?? defaults.MaxConcurrency,
            SnippetTimeout = parsed.Seconds("snippet-timeout") is { } seconds ? TimeSpan.FromSeconds(seconds) : defaults.SnippetTimeout,
            SubmissionPolicy = HostPolicy.Create(parsed.Has("trusted")),
            Language = HostPython.ParseLanguage(parsed.Value("language")),
        };

        var tracePath = parsed.Value("trace");
        if (tracePath is not null && Path.GetDirectoryName(Path.GetFullPath(tracePath)) is { } folder && !Directory.Exists(folder))
        {
            throw new UsageException($"--trace: the folder '{folder}' does not exist.");
        }

        var paths = parsed.Positionals.Skip(1).ToList();
        if (tracePath is not null && paths.Any(p => p != ContextLoader.StandardInputPath && string.Equals(Path.GetFullPath(p), Path.GetFullPath(tracePath), StringComparison.Ordinal)))
        {
            throw new UsageException($"--trace '{tracePath}' is one of the input files; writing the trace would overwrite it.");
        }

        return new AskSettings(
            parsed.Positionals[0],
            paths,
            EndpointSettings.From(parsed, console.GetEnvironmentVariable),
            engine,
            new ContextLoadOptions { Include = parsed.Values("include"), Exclude = parsed.Values("exclude") },
            tracePath,
            parsed.Has("verbose"),
            HostPython.FromArguments(engine.Language, parsed.Has("python"), parsed.Value("python-wasm")));
    }
}
