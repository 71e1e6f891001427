namespace Rlm.Roslyn;

/// <summary>Counts the matches of one grep, keeps the first hits, and checks cancellation now and then.</summary>
internal sealed class GrepHitCollector(RlmContext context, int maxHits, CancellationToken cancellationToken)
{
    /// <summary>Cancellation is checked after this many chars scanned.</summary>
    public const int CancellationCheckChars = 1 << 20;

    /// <summary>Cancellation is checked after this many matches.</summary>
    private const int CancellationCheckMatches = 1_000;

    private readonly HitLocator _locator = new(context);
    private readonly List<GrepHit> _hits = [];
    private int _total;
    private int _checkedAt;

    /// <summary>Records the match at <paramref name="offset"/>; offsets must not decrease between calls.</summary>
    /// <param name="offset">The match's offset in the context.</param>
    /// <param name="length">The match's length.</param>
    public void Add(int offset, int length)
    {
        _total++;
        if (_total % CancellationCheckMatches == 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        CheckCancellation(offset);
        if (_hits.Count < maxHits)
        {
            _hits.Add(_locator.Locate(offset, length));
        }
    }

    /// <summary>Checks cancellation when at least 1 MB was scanned since the last check.</summary>
    /// <param name="position">How far the scan has come.</param>
    public void CheckCancellation(int position)
    {
        if (position - _checkedAt >= CancellationCheckChars)
        {
            _checkedAt = position;
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The result for <paramref name="pattern"/>: the hits kept and the count of all matches.</summary>
    /// <param name="pattern">The pattern searched for.</param>
    public GrepResult ToResult(string pattern) => new(pattern, [.. _hits], _total, maxHits);
}
