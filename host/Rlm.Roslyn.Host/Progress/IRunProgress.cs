namespace Rlm.Roslyn.Host;

/// <summary>
/// Shows a run's progress as its events arrive (<c>rlm ask</c>; any command that runs RLMs can use it through
/// <see cref="RunProgress.Create"/>). Not thread-safe for <see cref="Report"/>: one reader of the event stream feeds it.
/// </summary>
internal interface IRunProgress : IAsyncDisposable
{
    /// <summary>Takes one event into account; ignored after <see cref="StopAsync"/>.</summary>
    void Report(RlmEvent e);

    /// <summary>Draws the last state and stops (idempotent); after it, the display writes nothing more.</summary>
    ValueTask StopAsync();
}
