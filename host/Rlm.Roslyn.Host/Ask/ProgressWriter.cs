using System.Globalization;

namespace Rlm.Roslyn.Host;

/// <summary>Writes run events as short human-readable lines (for --verbose, on standard error).</summary>
internal sealed class ProgressWriter(TextWriter writer)
{
    private const int CodeLines = 12;

    public void Write(RlmEvent e)
    {
        var line = e switch
        {
            RunStartedEvent s => $"started over {s.ContextChars:N0} chars in {s.DocumentCount:N0} document(s): {s.Query}",
            ModelReplyEvent r => $"turn {r.Iteration}: model replied ({r.Usage.InputTokens:N0} in, {r.Usage.OutputTokens:N0} out tokens)",
            CodeEvent c => $"running block {c.Block + 1}:\n{Indent(Head(c.Code, CodeLines))}",
            CodeOutputEvent o => $"block {o.Block + 1}: {o.Outcome} in {o.ElapsedMs:N0} ms\n{Indent(Head(o.Output, CodeLines))}",
            SubCallStartedEvent s => $"{(s.Kind == SubCallKind.Llm ? "sub-call" : "child RLM")} started ({s.PromptChars:N0} chars): {OneLine(s.Prompt)}",
            SubCallCompletedEvent c => $"{(c.Kind == SubCallKind.Llm ? "sub-call" : "child RLM")} {(c.Succeeded ? "done" : "FAILED")} in {c.ElapsedMs:N0} ms: {OneLine(c.Response)}",
            SessionResetEvent r => $"session reset: {r.Reason}",
            FinalEvent f => $"finished ({f.Result.Ending}) after {f.Result.Iterations} turn(s), {f.Result.Usage.Calls} LM call(s), {f.Result.Usage.TotalTokens:N0} tokens, ${f.Result.Usage.CostUsd:0.####}, {f.Result.Usage.CacheHits} cache hit(s), {f.Result.Elapsed.TotalSeconds:N1} s{(f.Result.Reason is { } why ? ": " + why : string.Empty)}",
            _ => null,
        };
        if (line is not null)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{e.Path}] {line}"));
        }
    }

    private static string Head(string text, int lines)
    {
        var all = text.TrimEnd().Split('\n');
        return all.Length <= lines ? string.Join('\n', all) : string.Join('\n', all.Take(lines)) + $"\n... ({all.Length - lines} more lines)";
    }

    private static string Indent(string text) => "    " + text.Replace("\n", "\n    ", StringComparison.Ordinal);

    private static string OneLine(string text)
    {
        var flat = text.ReplaceLineEndings(" ");
        return flat.Length <= 120 ? flat : flat[..117] + "...";
    }
}
