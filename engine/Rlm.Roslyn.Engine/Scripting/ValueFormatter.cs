using System.Collections;
using Microsoft.CodeAnalysis.CSharp.Scripting.Hosting;
using Microsoft.CodeAnalysis.Scripting.Hosting;

namespace Rlm.Roslyn;

/// <summary>How snippet values become text for the model: printed values, trailing expressions, previews and answers.</summary>
internal static class ValueFormatter
{
    // Size is guarded downstream (the capture cap and the per-turn truncation keep head and tail), so the
    // formatter itself only stops runaway object graphs.
    private static readonly PrintOptions s_print = new() { MaximumOutputLength = 100_000, MemberDisplayFormat = MemberDisplayFormat.SingleLine };
    private static readonly PrintOptions s_preview = new() { MaximumOutputLength = 200, MemberDisplayFormat = MemberDisplayFormat.SingleLine };

    /// <summary>A value as Print shows it: strings as they are, the engine's own types by their ToString, the rest in C# REPL style.</summary>
    public static string Format(object? value) => value switch
    {
        null => "null",
        string s => s,
        GrepResult or GrepHit or Chunk or Document => value.ToString()!,
        _ => CSharpObjectFormatter.Instance.FormatObject(value, s_print),
    };

    /// <summary>A one-line preview of at most about 80 chars (for ShowVars).</summary>
    public static string Preview(object? value)
    {
        var text = value switch
        {
            string s => $"\"{s}\"",
            _ => value is null || value is GrepResult or GrepHit or Chunk or Document ? Format(value) : CSharpObjectFormatter.Instance.FormatObject(value, s_preview),
        };
        text = text.ReplaceLineEndings(" ");
        return text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 77), "...");
    }

    /// <summary>A final answer: strings as they are, a collection one item per line, anything else its ToString.</summary>
    public static string Answer(object? answer) => answer switch
    {
        null => "null",
        string s => s,
        IEnumerable items => string.Join('\n', items.Cast<object?>().Select(i => i?.ToString() ?? "null")),
        _ => answer.ToString() ?? string.Empty,
    };
}
