using System.Globalization;

namespace Rlm.Roslyn.Host;

/// <summary>
/// Progress as plain lines, one per step that matters (a turn, a block's outcome, a sub-call ending, the end), each
/// with the time since the run started and the node's path: for a standard error that is not a terminal (no escape codes).
/// </summary>
internal sealed class LineProgress(TextWriter writer) : IRunProgress
{
    private readonly ProgressModel _model = new();
    private bool _stopped;

    public void Report(RlmEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (_stopped)
        {
            return;
        }

        _model.Apply(e);
        var line = e switch
        {
            RunStartedEvent s when e.Depth == 0 => Inv($"root RLM started over {s.ContextChars:N0} chars in {s.DocumentCount:N0} document(s)"),
            RunStartedEvent => "child RLM started",
            ModelReplyEvent r => Inv($"turn {r.Iteration}: reply ({r.Usage.TotalTokens:N0} tokens)"),
            CodeOutputEvent o => Inv($"turn {o.Iteration}: block {o.Block + 1} {Outcome(o.Outcome)} in {Seconds(o.ElapsedMs)}"),
            SubCallStartedEvent { Kind: SubCallKind.Recurse } s => $"child RLM: \"{ProgressModel.OneLine(s.Prompt, 80)}\"",
            SubCallCompletedEvent c => Inv($"{(c.Kind == SubCallKind.Llm ? "LLM call" : "child RLM")} {(c.Succeeded ? "done" : "failed")} in {Seconds(c.ElapsedMs)}{(c.Kind == SubCallKind.Llm ? $", {c.Usage.TotalTokens:N0} tokens" : "")}: {ProgressModel.OneLine(c.Response, 80)}"),
            SessionResetEvent r => $"session reset: {r.Reason}",
            FinalEvent f when e.Depth == 0 => Inv($"finished ({f.Result.Ending}) after {f.Result.Iterations} turn(s): {f.Result.Usage.Calls:N0} LM call(s), {f.Result.Usage.TotalTokens:N0} tokens{(f.Result.Usage.CostUsd > 0 ? $", ${f.Result.Usage.CostUsd:0.####}" : "")}, {f.Result.Elapsed.TotalSeconds:0.0} s"),
            FinalEvent f => Inv($"child RLM answered ({f.Result.Ending}) after {f.Result.Iterations} turn(s)"),
            _ => null,
        };
        if (line is null)
        {
            return;
        }

        var since = _model.Root is { } root ? (e.Timestamp - root.Started).TotalSeconds : 0;
        writer.WriteLine(Inv($"[{since,6:0.0}s] {e.Path} {line}"));
    }

    public ValueTask StopAsync()
    {
        _stopped = true;
        writer.Flush();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => StopAsync();

    private static string Outcome(SnippetOutcome outcome) => outcome switch
    {
        SnippetOutcome.Completed => "completed",
        SnippetOutcome.CompileError => "did not compile",
        SnippetOutcome.RuntimeError => "threw",
        SnippetOutcome.Timeout => "timed out",
        _ => "stopped by a limit",
    };

    private static string Seconds(double ms) => ms < 1000 ? Inv($"{ms:0} ms") : Inv($"{ms / 1000:0.0} s");

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
