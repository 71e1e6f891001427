using System.Collections.Concurrent;

namespace Rlm.Roslyn;

/// <summary>Whether a worker can start on this machine with a jail setting, checked once per process (the jail's probe starts a process).</summary>
internal static class WorkerAvailability
{
    private static readonly ConcurrentDictionary<WorkerJail, Lazy<string?>> s_checks = new();

    /// <summary>Null when a worker can start here with <paramref name="jail"/>, else why not.</summary>
    public static string? Check(WorkerJail jail) => s_checks.GetOrAdd(jail, j => new Lazy<string?>(() => Probe(j))).Value;

    /// <summary>Fails when no worker can start here with <paramref name="jail"/>, so a run fails before its first block.</summary>
    /// <exception cref="InvalidOperationException">The worker, the dotnet host or (when required) the jail is not available here; the message says which.</exception>
    public static void ThrowIfUnavailable(WorkerJail jail)
    {
        if (Check(jail) is { } reason)
        {
            throw new InvalidOperationException(reason);
        }
    }

    private static string? Probe(WorkerJail jail)
    {
        try
        {
            _ = WorkerLauncher.StartInfo(jail);
            return null;
        }
        catch (InvalidOperationException ex)
        {
            return ex.Message;
        }
    }
}
