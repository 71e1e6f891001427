namespace Rlm.Roslyn.Host;

/// <summary>Where the console's commands run C# snippets: <c>--isolation auto|process|in-process</c>.</summary>
internal static class HostIsolation
{
    /// <summary>The value of <c>--isolation</c> (null when not given: the engine's default).</summary>
    /// <exception cref="UsageException">Not one of <c>auto</c>, <c>process</c>, <c>in-process</c>.</exception>
    public static SnippetIsolation Parse(string? value) => value?.ToUpperInvariant() switch
    {
        null => new RlmOptions().Isolation,
        "AUTO" => SnippetIsolation.Auto,
        "IN-PROCESS" or "INPROCESS" => SnippetIsolation.InProcess,
        "PROCESS" => SnippetIsolation.Process,
        _ => throw new UsageException($"--isolation: '{value}' is not an isolation; use auto, process or in-process."),
    };

    /// <summary>
    /// Says once on stderr when C# snippets will run in this process although the default prefers a worker (no jail
    /// here, no worker beside the engine...), so nobody believes they are isolated when they are not.
    /// </summary>
    public static void AnnounceFallback(RlmOptions options, TextWriter error)
    {
        if (options.Language == RlmLanguage.CSharp && options.ResolveIsolation(out var reason) == SnippetIsolation.InProcess && reason is not null)
        {
            error.WriteLine($"rlm: C# snippets run in this process, not in an isolated worker: {reason}");
        }
    }
}
