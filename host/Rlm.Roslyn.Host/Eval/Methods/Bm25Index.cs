namespace Rlm.Roslyn.Host.Eval;

/// <summary>
/// Okapi BM25 over chunks: idf(t) = ln(1 + (N - n(t) + 0.5) / (n(t) + 0.5)), and per query term
/// idf · tf · (k1 + 1) / (tf + k1 · (1 - b + b · len / avglen)). Terms are lower-cased runs of letters and digits.
/// </summary>
internal sealed class Bm25Index
{
    /// <summary>Term-frequency saturation. Default 1.2.</summary>
    public const double K1 = 1.2;

    /// <summary>Length normalisation. Default 0.75.</summary>
    public const double B = 0.75;

    private readonly List<Dictionary<string, int>> _termCounts = [];
    private readonly List<int> _lengths = [];
    private readonly Dictionary<string, int> _documentFrequency = new(StringComparer.Ordinal);

    /// <summary>Indexes <paramref name="chunks"/>.</summary>
    public Bm25Index(IEnumerable<ReadOnlyMemory<char>> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        foreach (var chunk in chunks)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            var length = 0;
            foreach (var term in Terms(chunk.Span))
            {
                counts[term] = counts.GetValueOrDefault(term) + 1;
                length++;
            }

            foreach (var term in counts.Keys)
            {
                _documentFrequency[term] = _documentFrequency.GetValueOrDefault(term) + 1;
            }

            _termCounts.Add(counts);
            _lengths.Add(length);
        }
    }

    /// <summary>The number of chunks.</summary>
    public int Count => _termCounts.Count;

    /// <summary>The BM25 score of every chunk for <paramref name="query"/>, in chunk order.</summary>
    public double[] Score(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var scores = new double[Count];
        if (Count == 0)
        {
            return scores;
        }

        var average = Math.Max(1.0, _lengths.Average());
        foreach (var term in Terms(query).Distinct(StringComparer.Ordinal))
        {
            var n = _documentFrequency.GetValueOrDefault(term);
            if (n == 0)
            {
                continue;
            }

            var idf = Math.Log(1 + ((Count - n + 0.5) / (n + 0.5)));
            for (var i = 0; i < Count; i++)
            {
                if (_termCounts[i].TryGetValue(term, out var tf))
                {
                    scores[i] += idf * tf * (K1 + 1) / (tf + (K1 * (1 - B + (B * _lengths[i] / average))));
                }
            }
        }

        return scores;
    }

    /// <summary>The lower-cased runs of letters and digits in <paramref name="text"/>.</summary>
    public static List<string> Terms(ReadOnlySpan<char> text)
    {
        var terms = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                terms.Add(text[start..i].ToString().ToLowerInvariant());
                start = -1;
            }
        }

        return terms;
    }
}
