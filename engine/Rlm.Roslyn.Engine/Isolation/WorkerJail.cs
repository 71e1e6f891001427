namespace Rlm.Roslyn;

/// <summary>Whether a worker (<see cref="SnippetIsolation.Process"/>) runs inside its jail (<see cref="RlmOptions.WorkerJail"/>).</summary>
public enum WorkerJail
{
    /// <summary>
    /// The default: the worker runs in a bubblewrap jail (Linux only) with no network, none of the host's files but the
    /// .NET install and the worker's own folder (read-only), a private <c>/tmp</c>, its own process tree, and an
    /// unprivileged user. When the jail cannot be set up (not Linux, <c>bwrap</c> missing, no user namespaces) starting a
    /// worker fails with an <see cref="InvalidOperationException"/> that says why: it never runs unjailed silently.
    /// </summary>
    Required,

    /// <summary>The worker runs as a plain child process (cleared environment, no API key), with the host's files and network in reach of code the analyzer lets through.</summary>
    Off,
}
