using System.Globalization;
using System.Text;

namespace Rlm.Roslyn.Benchmarks;

/// <summary>
/// The context and the snippets the soak and the benchmarks run: the kind of small steps a model takes while
/// exploring a log (declare, search, group, build text, reuse earlier variables, end on an expression).
/// </summary>
internal static class BenchmarkSnippets
{
    /// <summary>The warm step that is timed: trivial but real (binds a variable from an earlier snippet).</summary>
    public const string TrivialStep = "var y = x + 1;";

    /// <summary>Index in <see cref="Session"/> of <see cref="TrivialStep"/>; snippets before it declare <c>x</c>.</summary>
    public const int TimedStepIndex = 6;

    /// <summary>Ten snippets of one session, in order. Every one must complete.</summary>
    public static readonly string[] Session =
    [
        // 1. variables over the context
        """
        var text = Context.ToString();
        var lineCount = text.Count(c => c == '\n');
        $"{lineCount} lines, {Context.Length} chars"
        """,

        // 2. a method, used at once
        """
        int CountOf(string haystack, string needle)
        {
            var count = 0;
            for (var i = haystack.IndexOf(needle, StringComparison.Ordinal); i >= 0; i = haystack.IndexOf(needle, i + needle.Length, StringComparison.Ordinal))
            {
                count++;
            }
            return count;
        }
        var errorsInHead = CountOf(Peek(0, 20_000), "ERROR");
        Print(errorsInHead);
        """,

        // 3. a record
        """
        record Entry(string Level, string Component, string Message);
        Entry ParseEntry(string line)
        {
            var parts = line.Split(' ', 4);
            return new Entry(parts[1], parts[2].Trim('[', ']'), parts.Length > 3 ? parts[3] : "");
        }
        """,

        // 4. LINQ over Grep hits
        """
        var hits = Grep(@"^\S+ (ERROR|WARN) ");
        var entries = hits.Select(h => ParseEntry(h.LineText)).ToList();
        Print($"{hits.TotalMatches} matches, {entries.Count} entries");
        """,

        // 5. grouping, printed
        """
        var byComponent = entries
            .Where(e => e.Level == "ERROR")
            .GroupBy(e => e.Component)
            .OrderByDescending(g => g.Count())
            .Select(g => (Component: g.Key, Count: g.Count()))
            .ToList();
        Print(byComponent.Take(3));
        """,

        // 6. an earlier variable reused
        """
        var x = byComponent.Count > 0 ? byComponent[0].Count : 0;
        """,

        // 7. the timed trivial step
        TrivialStep,

        // 8. string building over a Peek
        """
        var sb = new StringBuilder();
        foreach (var line in Peek(0, 4_000).Split('\n').Where(l => l.Contains("WARN")).Take(5))
        {
            sb.AppendLine(line.Length > 60 ? line[..60] : line);
        }
        var report = sb.ToString();
        Print(report.Length);
        """,

        // 9. a class, and an exception thrown and caught inside the snippet
        """
        class Tally
        {
            private readonly Dictionary<string, int> _counts = new();
            public void Add(string key) => _counts[key] = _counts.GetValueOrDefault(key) + 1;
            public string Top() => _counts.OrderByDescending(p => p.Value).First().Key;
        }
        var tally = new Tally();
        foreach (var e in entries) tally.Add(e.Level);
        try { int.Parse("not a number"); } catch (FormatException ex) { Print(ex.GetType().Name); }
        """,

        // 10. a trailing expression over earlier state
        """
        $"top component {byComponent.FirstOrDefault().Component} with {x} errors (y = {y}); most frequent level {tally.Top()}; report {report.Length} chars"
        """,
    ];

    /// <summary>
    /// A 30-line snippet: a record, a method, a loop, LINQ and a trailing expression. (Bar is not static: the engine's
    /// checkpoint injector breaks static script methods, see benchmarks/RESULTS.md.)
    /// </summary>
    public const string ThirtyLines = """
        record Stat(string Name, int Count, double Share);
        string Bar(double share, int width = 20)
        {
            var filled = (int)Math.Round(share * width);
            return new string('#', filled) + new string('.', width - filled);
        }
        var words = new[] { "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta" };
        var counts = new Dictionary<string, int>();
        for (var i = 0; i < 200; i++)
        {
            var w = words[(i * 7 + 3) % words.Length];
            counts[w] = counts.GetValueOrDefault(w) + 1;
        }
        var total = counts.Values.Sum();
        var stats = counts
            .Select(p => new Stat(p.Key, p.Value, (double)p.Value / total))
            .OrderByDescending(s => s.Count)
            .ThenBy(s => s.Name)
            .ToList();
        var sb = new StringBuilder();
        foreach (var s in stats)
        {
            sb.Append(s.Name.PadRight(8));
            sb.Append(' ');
            sb.Append(Bar(s.Share));
            sb.Append(' ');
            sb.AppendLine(s.Count.ToString());
        }
        var table = sb.ToString();
        $"{stats.Count} words, {total} total, first {stats[0].Name}, table {table.Length} chars, x = {x}"
        """;

    /// <summary>A synthetic application log of about 2,000 lines (about 150 KB), the same on every run.</summary>
    public static RlmContext CreateContext()
    {
        string[] levels = ["INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"];
        string[] components = ["http", "db", "cache", "auth", "scheduler", "mailer"];
        var start = new DateTime(2025, 3, 1, 8, 0, 0, DateTimeKind.Utc);
        var sb = new StringBuilder();
        for (var i = 0; i < 2_000; i++)
        {
            var level = levels[(i * 5 + i / 7) % levels.Length];
            var component = components[(i * 3 + i / 11) % components.Length];
            sb.Append(start.AddSeconds(i * 1.7).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture))
                .Append(' ').Append(level)
                .Append(" [").Append(component).Append("] ")
                .Append(level == "ERROR" ? "request failed: timeout after " : "handled request in ")
                .Append(((i * 37) % 900) + 5).Append(" ms, id=").Append((i * 7919).ToString("x8", CultureInfo.InvariantCulture))
                .Append('\n');
        }

        return RlmContext.FromString(sb.ToString(), "app.log");
    }
}
