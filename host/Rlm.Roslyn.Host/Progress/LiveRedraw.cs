using Spectre.Console;
using Spectre.Console.Rendering;

namespace Rlm.Roslyn.Host;

/// <summary>
/// The redraw loop both live displays share (<see cref="LiveProgress"/> for <c>rlm ask</c>, the eval display for
/// <c>rlm eval</c>): Spectre's live display, redrawn from <c>render</c> every <see cref="LiveProgress.RefreshInterval"/>
/// until <c>stop</c> is cancelled, so a burst of events costs one redraw. Content taller than the terminal keeps its
/// bottom lines (the newest work).
/// </summary>
internal static class LiveRedraw
{
    /// <summary>Starts the display; the task ends once <paramref name="stop"/> is cancelled and the last frame is out.</summary>
    /// <param name="console">The terminal.</param>
    /// <param name="render">Draws the current state (called on the loop's thread; it takes its own locks).</param>
    /// <param name="clearWhenDone">True to clear the display at the end (the caller writes what stays); false to leave the last state drawn.</param>
    /// <param name="time">The clock the loop waits on.</param>
    /// <param name="stop">Ends the loop.</param>
    public static Task StartAsync(IAnsiConsole console, Func<IRenderable> render, bool clearWhenDone, TimeProvider time, CancellationToken stop) =>
        console.Live(render())
            .AutoClear(clearWhenDone)
            .Overflow(VerticalOverflow.Ellipsis)
            .Cropping(VerticalOverflowCropping.Top)
            .StartAsync(async context =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        await Task.Delay(LiveProgress.RefreshInterval, time, stop).ConfigureAwait(false);
                        context.UpdateTarget(render());
                    }
                    catch (OperationCanceledException)
                    {
                        // Stopping.
                    }
                }

                // A display that stays draws the last state, however early the stop came; one that is cleared need not.
                if (!clearWhenDone)
                {
                    context.UpdateTarget(render());
                }
            });
}
