using Spectre.Console;

namespace Rlm.Roslyn.Host;

/// <summary>
/// The run tree drawn in place on a terminal (<see cref="LiveRedraw"/>: Spectre's live display, redrawn at most every
/// <see cref="RefreshInterval"/>, so a burst of events costs one redraw). A tree taller than the terminal keeps its
/// bottom lines (the newest work).
/// </summary>
internal sealed class LiveProgress : IRunProgress
{
    /// <summary>Time between redraws.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(125);

    private readonly ProgressModel _model = new();
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _stopped;

    public LiveProgress(IAnsiConsole console, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(console);
        _time = time ?? TimeProvider.System;
        _loop = LiveRedraw.StartAsync(console, Render, clearWhenDone: false, _time, _stop.Token);
    }

    public void Report(RlmEvent e)
    {
        if (Volatile.Read(ref _stopped) != 0)
        {
            return;
        }

        lock (_gate)
        {
            _model.Apply(e);
        }
    }

    public async ValueTask StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }

        await _loop.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private Spectre.Console.Rendering.IRenderable Render()
    {
        lock (_gate)
        {
            return ProgressTreeView.Render(_model, _time.GetUtcNow());
        }
    }
}
