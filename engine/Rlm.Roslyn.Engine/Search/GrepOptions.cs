namespace Rlm.Roslyn;

/// <summary>How <c>Grep</c> searches. Every property has a sensible default; set only what you need, e.g. <c>new GrepOptions { Literal = true }</c>.</summary>
public sealed record GrepOptions
{
    /// <summary>The options used when none are given: regex, case-sensitive, at most 1,000 hits, 2 s regex timeout.</summary>
    public static GrepOptions Default { get; } = new();

    /// <summary>
    /// When <see langword="true"/>, the pattern is plain text searched exactly as written (no regex syntax, fastest).
    /// Default <see langword="false"/>: the pattern is a .NET regular expression with <c>^</c> and <c>$</c> matching at line starts and ends.
    /// </summary>
    public bool Literal { get; init; }

    /// <summary>When <see langword="true"/>, letters match regardless of case (ordinal, culture-invariant). Default <see langword="false"/>.</summary>
    public bool IgnoreCase { get; init; }

    /// <summary>
    /// The most hits returned, at least 1. Default 1,000. Matches past the cap are still counted in
    /// <see cref="GrepResult.TotalMatches"/>, and <see cref="GrepResult.Truncated"/> tells that some were left out.
    /// </summary>
    public int MaxHits
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(MaxHits));
            field = value;
        }
    } = 1000;

    /// <summary>
    /// Lines of context to return around each hit, before and after (<see cref="GrepHit.Before"/>, <see cref="GrepHit.After"/>),
    /// from 0 (the default) to 100; context stays within the hit's document.
    /// </summary>
    public int ContextLines
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(ContextLines));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxContextLines, nameof(ContextLines));
            field = value;
        }
    }

    /// <summary>The most context lines <see cref="ContextLines"/> accepts.</summary>
    public const int MaxContextLines = 100;

    /// <summary>
    /// How long one regex search for the next match may run before it fails with a <see cref="TimeoutException"/>.
    /// Positive, at most one day. Default 2 seconds. Patterns with backreferences, lookarounds or atomic groups can backtrack
    /// catastrophically; other patterns run in time linear in the text, but scanning a very large context for a rare match
    /// also counts against this limit. Ignored when <see cref="Literal"/> is <see langword="true"/>.
    /// </summary>
    public TimeSpan RegexTimeout
    {
        get;
        init
        {
            if (value <= TimeSpan.Zero || value > TimeSpan.FromDays(1))
            {
                throw new ArgumentOutOfRangeException(nameof(RegexTimeout), value, "RegexTimeout must be positive and at most one day.");
            }

            field = value;
        }
    } = UntrustedRegex.DefaultTimeout;
}
