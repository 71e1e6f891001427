using System.Collections;
using System.Globalization;
using System.Text;

namespace Rlm.Roslyn;

/// <summary>
/// The hits of one <c>Grep</c> call, in order of offset: a read-only list of <see cref="GrepHit"/>, indexable and enumerable.
/// Printing it shows one hit per line, then how many matches were left out when the hit cap was reached.
/// </summary>
public sealed class GrepResult : IReadOnlyList<GrepHit>
{
    private readonly GrepHit[] _hits;
    private readonly int _maxHits;

    internal GrepResult(string pattern, GrepHit[] hits, int totalMatches, int maxHits)
    {
        Pattern = pattern;
        _hits = hits;
        TotalMatches = totalMatches;
        _maxHits = maxHits;
    }

    /// <summary>The pattern that was searched for, as given.</summary>
    public string Pattern { get; }

    /// <summary>How many matches the whole context holds, including those past the hit cap that are not in this list.</summary>
    public int TotalMatches { get; }

    /// <summary><see langword="true"/> when the context holds more matches than this list (the hit cap was reached).</summary>
    public bool Truncated => TotalMatches > _hits.Length;

    /// <summary>How many hits this list holds (at most the hit cap).</summary>
    public int Count => _hits.Length;

    /// <summary>The hit at <paramref name="index"/>, from 0, in order of offset.</summary>
    /// <param name="index">A position in the list, from 0 to <see cref="Count"/> - 1.</param>
    public GrepHit this[int index] => _hits[index];

    /// <summary>Enumerates the hits in order of offset.</summary>
    public IEnumerator<GrepHit> GetEnumerator() => ((IEnumerable<GrepHit>)_hits).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// One hit per line (<c>doc:line:col: line text</c>; with context lines, each hit's block ripgrep-style and <c>--</c>
    /// between blocks); when truncated, a last line saying how many matches are not shown;
    /// when there are none, <c>No matches for /pattern/.</c>
    /// </summary>
    public override string ToString()
    {
        if (TotalMatches == 0)
        {
            return $"No matches for /{Pattern}/.";
        }

        var sb = new StringBuilder();
        var withContext = _hits.Any(h => h.Before.Count > 0 || h.After.Count > 0);
        foreach (var hit in _hits)
        {
            if (withContext && sb.Length > 0)
            {
                sb.Append("--\n");
            }

            sb.Append(hit.ToString()).Append('\n');
        }

        if (Truncated)
        {
            sb.Append(CultureInfo.InvariantCulture, $"... {TotalMatches - _hits.Length:N0} more matches not shown (MaxHits {_maxHits:N0})");
        }
        else
        {
            sb.Length--;
        }

        return sb.ToString();
    }
}
