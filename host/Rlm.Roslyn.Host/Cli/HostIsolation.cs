namespace Rlm.Roslyn.Host;

/// <summary>Where the console's commands run C# snippets: <c>--isolation process|in-process</c>.</summary>
internal static class HostIsolation
{
    /// <summary>The value of <c>--isolation</c> (null when not given: the engine's default).</summary>
    /// <exception cref="UsageException">Neither <c>process</c> nor <c>in-process</c>.</exception>
    public static SnippetIsolation Parse(string? value) => value?.ToUpperInvariant() switch
    {
        null => new RlmOptions().Isolation,
        "IN-PROCESS" or "INPROCESS" => SnippetIsolation.InProcess,
        "PROCESS" => SnippetIsolation.Process,
        _ => throw new UsageException($"--isolation: '{value}' is not an isolation; use process or in-process."),
    };
}
