using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Rlm.Roslyn.Host.Eval;

/// <summary>
/// Eval progress at a terminal: while a task runs, an eval header (task i of n, method, length, the method's running
/// score, elapsed) above the task's live run tree (<see cref="ProgressTreeView"/>; the rlm method's runs, a waiting
/// line for the single-call methods), redrawn in place every <see cref="LiveProgress.RefreshInterval"/>. When the task
/// ends the display is replaced by the task's one line, so the scrollback holds one line per task, as when piped.
/// </summary>
internal sealed class EvalLiveProgress(IAnsiConsole console, TimeProvider? time = null) : IEvalProgress
{
    private readonly IAnsiConsole _console = console ?? throw new ArgumentNullException(nameof(console));
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private ProgressModel _model = new();
    private EvalTaskHeader? _header;
    private DateTimeOffset _started;
    private IRenderable? _last;
    private CancellationTokenSource? _stop;
    private Task? _display;

    /// <inheritdoc />
    public bool ShowsRuns => true;

    /// <inheritdoc />
    public async ValueTask TaskStartedAsync(EvalTaskHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        await StopDisplayAsync(null).ConfigureAwait(false);
        lock (_gate)
        {
            _model = new ProgressModel();
            _header = header;
            _started = _time.GetUtcNow();
            _last = null;
        }

        var stop = new CancellationTokenSource();
        _stop = stop;
        _display = _console.Live(Render())
            .AutoClear(false)
            .Overflow(VerticalOverflow.Ellipsis)
            .Cropping(VerticalOverflowCropping.Top)
            .StartAsync(async context =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        await Task.Delay(LiveProgress.RefreshInterval, _time, stop.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        // The task ended: draw its last state (its one line) below.
                    }

                    context.UpdateTarget(Render());
                }
            });
    }

    /// <inheritdoc />
    public void Report(RlmEvent value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            if (_last is null)
            {
                _model.Apply(value);
            }
        }
    }

    /// <inheritdoc />
    public ValueTask TaskEndedAsync(string line, bool failed) =>
        StopDisplayAsync(new Text(line, failed ? new Style(Color.Red) : Style.Plain));

    /// <inheritdoc />
    public async ValueTask WriteLineAsync(string line)
    {
        await StopDisplayAsync(null).ConfigureAwait(false);
        _console.WriteLine(line);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopDisplayAsync(null).ConfigureAwait(false);

    /// <summary>Ends the display in progress, leaving <paramref name="last"/> in its place (or its current state).</summary>
    private async ValueTask StopDisplayAsync(IRenderable? last)
    {
        if (_display is not { } display || _stop is not { } stop)
        {
            return;
        }

        lock (_gate)
        {
            _last = last;
        }

        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await display.ConfigureAwait(false);
        }
        finally
        {
            stop.Dispose();
            _stop = null;
            _display = null;
        }
    }

    private IRenderable Render()
    {
        lock (_gate)
        {
            if (_last is not null)
            {
                return _last;
            }

            var now = _time.GetUtcNow();
            var header = _header!;
            var line = new Markup(string.Create(
                CultureInfo.InvariantCulture,
                $"[bold]rlm eval[/] {Markup.Escape(header.Family)} [grey]·[/] task {header.Position}/{header.Total} [grey]·[/] [blue]{Markup.Escape(header.Method)}[/] [grey]·[/] {EvalTokens.Format(header.LengthTokens)} #{header.Index} [grey]·[/] {Markup.Escape(header.ScoreSoFar)} [grey]·[/] {Math.Max(0, (now - _started).TotalSeconds):0.0} s"));
            IRenderable body = _model.Root is null
                ? new Markup(header.Method == "rlm" ? "[grey]starting the run…[/]" : "[grey]one call to the model…[/]")
                : ProgressTreeView.Render(_model, now);
            return new Rows(line, body);
        }
    }
}
