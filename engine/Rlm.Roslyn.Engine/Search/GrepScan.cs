using System.Runtime.ExceptionServices;

namespace Rlm.Roslyn;

/// <summary>
/// Runs a <see cref="GrepMatcher"/> over a context: a long context is cut at line starts into one range per core
/// (when the pattern is line-local), the ranges are scanned in parallel, and their matches are merged in order with
/// line numbers fixed up from each range's newline count.
/// </summary>
internal static class GrepScan
{
    /// <summary>Scans <paramref name="context"/> with <paramref name="matcher"/>.</summary>
    /// <param name="context">The context.</param>
    /// <param name="matcher">The kernel.</param>
    /// <param name="options">What to keep and how to split.</param>
    /// <param name="cancellationToken">Checked every block and every 1,024 matches.</param>
    /// <returns>The first <see cref="GrepScanOptions.MaxKept"/> matches in order, located, and the count of all.</returns>
    public static (GrepMatch[] Matches, int Total) Run(RlmContext context, GrepMatcher matcher, GrepScanOptions options, CancellationToken cancellationToken)
    {
        var text = context.Text;
        var documents = context.Documents;
        var shared = new GrepScanShared(documents.Count, options.LineNumbers && options.MaxKept > 0, cancellationToken);
        var ranges = Split(text.Span, matcher.LineLocal ? options : options with { Ranges = 1 })
            .Select((r, i) => new RangeScan(text, documents, i, r.Start, r.End, options, shared))
            .ToArray();

        if (ranges.Length == 1)
        {
            matcher.Scan(text.Span, ranges[0]);
        }
        else
        {
            try
            {
                Parallel.For(
                    0,
                    ranges.Length,
                    new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = ranges.Length },
                    i => matcher.Scan(text.Span, ranges[i]));
            }
            catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
            {
                var first = ex.InnerExceptions.FirstOrDefault(e => e is not OperationCanceledException) ?? ex.InnerExceptions[0];
                ExceptionDispatchInfo.Capture(first).Throw();
                throw;
            }
        }

        return Merge(ranges, documents, shared, options);
    }

    /// <summary>Cuts <paramref name="text"/> into ranges that start at line starts: one when it is short, else <see cref="GrepScanOptions.Ranges"/>.</summary>
    /// <param name="text">The whole context.</param>
    /// <param name="options">The split settings.</param>
    public static List<(int Start, int End)> Split(ReadOnlySpan<char> text, GrepScanOptions options)
    {
        var ranges = new List<(int Start, int End)>();
        var count = text.Length > options.ParallelMinChars ? Math.Max(1, options.Ranges) : 1;
        var start = 0;
        for (var i = 1; i < count && start < text.Length; i++)
        {
            var target = Math.Max(start, (int)((long)text.Length * i / count));
            var newline = text[target..].IndexOf('\n');
            var end = newline < 0 ? text.Length : target + newline + 1;
            if (end > start)
            {
                ranges.Add((start, end));
                start = end;
            }
        }

        if (start < text.Length || ranges.Count == 0)
        {
            ranges.Add((start, text.Length));
        }

        return ranges;
    }

    private static (GrepMatch[] Matches, int Total) Merge(RangeScan[] ranges, IReadOnlyList<Document> documents, GrepScanShared shared, GrepScanOptions options)
    {
        var total = 0;
        var newlinesBefore = 0;
        var kept = new List<GrepMatch>(Math.Min(options.MaxKept, ranges.Sum(r => r.Kept.Count)));
        var documentNewlines = shared.DocumentNewlines;
        foreach (var range in ranges)
        {
            total += range.Total;
            if (kept.Count >= options.MaxKept)
            {
                continue;
            }

            if (documentNewlines is not null)
            {
                for (var d = range.FirstDocument; d < range.NextDocument; d++)
                {
                    documentNewlines[d] += newlinesBefore;
                }
            }

            foreach (var match in range.Kept)
            {
                if (kept.Count == options.MaxKept)
                {
                    break;
                }

                var document = DocumentLookup.LastStartingAtOrBefore(documents, match.Offset);
                var documentStart = document < 0 ? 0 : documents[document].Offset;
                var line = documentNewlines is null ? 0
                    : newlinesBefore + match.Line - (document < 0 ? 0 : documentNewlines[document]) + 1;
                kept.Add(new GrepMatch(match.Offset, match.Length, line, Math.Max(match.LineStart, documentStart), document));
            }

            newlinesBefore += range.Newlines;
        }

        return ([.. kept], total);
    }
}
