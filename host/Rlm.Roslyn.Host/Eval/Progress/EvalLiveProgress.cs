using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Rlm.Roslyn.Host.Eval;

/// <summary>
/// Eval progress at a terminal: while a task runs, an eval header (task i of n, method, length, the method's running
/// score, elapsed) above the task's live run tree (<see cref="ProgressTreeView"/>; the rlm method's runs, a waiting
/// line for the single-call methods), redrawn in place every <see cref="LiveProgress.RefreshInterval"/>. When the task
/// ends the display is cleared and the task's one line written in its place, so the scrollback holds one line per
/// task, as when piped; a display stopped mid-task (an error, Ctrl+C) leaves its last state drawn.
/// </summary>
internal sealed class EvalLiveProgress(IAnsiConsole console, TimeProvider? time = null) : IEvalProgress
{
    private readonly IAnsiConsole _console = console ?? throw new ArgumentNullException(nameof(console));
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private ProgressModel _model = new();
    private EvalTaskHeader? _header;
    private DateTimeOffset _started;
    private bool _ended;
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
            _ended = false;
        }

        var stop = new CancellationTokenSource();
        _stop = stop;
        _display = LiveRedraw.StartAsync(_console, Render, clearWhenDone: true, _time, stop.Token);
    }

    /// <inheritdoc />
    public void Report(RlmEvent value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            if (!_ended)
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

    /// <summary>Ends the display in progress (which clears it) and writes <paramref name="last"/> in its place, or its last state when null.</summary>
    private async ValueTask StopDisplayAsync(IRenderable? last)
    {
        if (_display is not { } display || _stop is not { } stop)
        {
            return;
        }

        IRenderable final;
        lock (_gate)
        {
            final = last ?? Render();
            _ended = true;
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
            _console.Write(final);
            _console.WriteLine();
        }
    }

    private Rows Render()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var header = _header!;
            var line = new Markup(string.Create(
                CultureInfo.InvariantCulture,
                $"[bold]rlm eval[/] {Markup.Escape(header.Family)} [grey]·[/] task {header.Position}/{header.Total} [grey]·[/] [blue]{Markup.Escape(header.Method)}[/] [grey]·[/] {EvalTokens.Format(header.LengthTokens)} #{header.Index} [grey]·[/] {Markup.Escape(header.ScoreSoFar)} [grey]·[/] {Math.Max(0, (now - _started).TotalSeconds):0.0} s"));
            IRenderable body = _model.Root is null
                ? new Markup(EvalSettings.IsRlm(header.Method) ? "[grey]starting the run…[/]" : "[grey]one call to the model…[/]")
                : ProgressTreeView.Render(_model, now);
            return new Rows(line, body);
        }
    }
}
