using System.Globalization;
using System.Text;

namespace Rlm.Roslyn.Host.Eval;

/// <summary>Means per method and length, and the markdown table of them.</summary>
internal static class EvalSummary
{
    /// <summary>The rows, by method then length.</summary>
    public static List<EvalSummaryRow> Rows(IEnumerable<EvalResult> results) =>
        results
            .GroupBy(r => (r.Method, r.Length))
            .OrderBy(g => g.Key.Method, StringComparer.Ordinal).ThenBy(g => g.Key.Length)
            .Select(g => new EvalSummaryRow(
                g.Key.Method,
                g.Key.Length,
                g.Count(),
                g.Average(r => r.Score),
                g.Average(r => (double)r.InputTokens),
                g.Average(r => (double)r.OutputTokens),
                g.All(r => r.Cost is not null) ? g.Average(r => r.Cost!.Value) : null,
                g.Average(r => r.Seconds)))
            .ToList();

    /// <summary>A markdown table: one row per method and length, score as a percentage.</summary>
    public static string Markdown(string task, IReadOnlyList<EvalSummaryRow> rows)
    {
        var c = CultureInfo.InvariantCulture;
        var builder = new StringBuilder();
        builder.Append(c, $"### {task}\n\n");
        builder.Append("| method | length | tasks | score | input tokens | output tokens | cost | seconds |\n");
        builder.Append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var r in rows)
        {
            var cost = r.Cost is { } value ? value.ToString("0.0000", c) : "-";
            builder.Append(c, $"| {r.Method} | {EvalTokens.Format(r.Length)} | {r.Tasks} | {r.Score * 100:0.0}% | {r.InputTokens:0} | {r.OutputTokens:0} | {cost} | {r.Seconds:0.00} |\n");
        }

        return builder.ToString();
    }
}
