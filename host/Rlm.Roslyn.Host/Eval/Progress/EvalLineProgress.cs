namespace Rlm.Roslyn.Host.Eval;

/// <summary>
/// Plain-line eval progress for a standard error that is not a terminal (or when the live tree is turned off): one
/// line per task with its score. With <paramref name="showRuns"/> (<c>--progress</c>) each task also gets a start line
/// with the running score, and an rlm task's run is written step by step as <see cref="LineProgress"/> does for
/// <c>rlm ask</c>, each line with its node's path.
/// </summary>
internal sealed class EvalLineProgress(TextWriter writer, bool showRuns) : IEvalProgress
{
    private LineProgress? _run;

    /// <inheritdoc />
    public bool ShowsRuns => showRuns;

    /// <inheritdoc />
    public async ValueTask TaskStartedAsync(EvalTaskHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (!showRuns)
        {
            return;
        }

        _run = new LineProgress(writer);
        await writer.WriteLineAsync($"{header.Label} started ({header.ScoreSoFar})").ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Report(RlmEvent value) => _run?.Report(value);

    /// <inheritdoc />
    public async ValueTask TaskEndedAsync(string line, bool failed)
    {
        if (_run is not null)
        {
            await _run.StopAsync().ConfigureAwait(false);
            _run = null;
        }

        await writer.WriteLineAsync(line).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask WriteLineAsync(string line) => await writer.WriteLineAsync(line).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await writer.FlushAsync().ConfigureAwait(false);
}
