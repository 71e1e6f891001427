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
    /// <summary>The retry middleware's settings for both clients (--retries, --call-timeout).</summary>
    public RlmRetryOptions Retry { get; init; } = new();

    public static readonly IReadOnlySet<string> ValueOptions = new HashSet<string>(RunLimitArguments.ValueOptions, StringComparer.Ordinal)
    {
        "endpoint", "model", "sub-model", "api-key", "max-iterations", "max-depth", "snippet-timeout",
        "max-concurrency", "trace", "include", "exclude", "language", "python-wasm", "isolation",
        "html",
    };

    public static readonly IReadOnlySet<string> FlagOptions = new HashSet<string>(RunLimitArguments.FlagOptions, StringComparer.Ordinal) { "verbose", "trusted", "python", "progress", "no-progress", "quiet" };

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

        var engine = RunLimitArguments.RunOptions(parsed) with { Language = HostPython.ParseLanguage(parsed.Value("language")) };

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

        var htmlPath = parsed.Value("html");
        if (htmlPath is not null && Path.GetDirectoryName(Path.GetFullPath(htmlPath)) is { } htmlFolder && !Directory.Exists(htmlFolder))
        {
            throw new UsageException($"--html: the folder '{htmlFolder}' does not exist.");
        }

        if (htmlPath is not null && paths.Any(p => p != ContextLoader.StandardInputPath && string.Equals(Path.GetFullPath(p), Path.GetFullPath(htmlPath), StringComparison.Ordinal)))
        {
            throw new UsageException($"--html '{htmlPath}' is one of the input files; writing the page would overwrite it.");
        }

        var endpoint = EndpointSettings.From(parsed, console.GetEnvironmentVariable);
        engine = RunLimitArguments.Apply(parsed, engine, endpoint);
        return new AskSettings(
            parsed.Positionals[0],
            paths,
            endpoint,
            engine,
            new ContextLoadOptions { Include = parsed.Values("include"), Exclude = parsed.Values("exclude") },
            tracePath,
            parsed.Has("verbose"),
            HostPython.FromArguments(engine.Language, parsed.Has("python"), parsed.Value("python-wasm")))
        {
            HtmlPath = htmlPath,
            Progress = parsed.Has("no-progress") || parsed.Has("quiet") ? ProgressMode.Off : parsed.Has("progress") ? ProgressMode.On : ProgressMode.Auto,
            Retry = RunLimitArguments.Retry(parsed),
        };
    }

    /// <summary>Where <c>--html</c> writes the viewer's page at the end of the run; null for none.</summary>
    public string? HtmlPath { get; init; }

    /// <summary>Progress on standard error: <c>--progress</c>, <c>--no-progress</c>/<c>--quiet</c>, or automatic (the tree at a terminal).</summary>
    public ProgressMode Progress { get; init; }
}
