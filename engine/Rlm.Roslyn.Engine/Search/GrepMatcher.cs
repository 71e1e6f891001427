namespace Rlm.Roslyn;

/// <summary>One search kernel: finds the matches that start in a range of the context, in order, and reports them to a <see cref="RangeScan"/>.</summary>
internal abstract class GrepMatcher
{
    /// <summary>
    /// Whether no match can contain a <c>'\n'</c> or depend on text across one, so the context may be cut at line
    /// starts and the pieces scanned independently with the same result.
    /// </summary>
    public abstract bool LineLocal { get; }

    /// <summary>
    /// Reports every match starting in <c>[scan.Start, scan.End)</c> to <paramref name="scan"/>, in order, and calls
    /// <see cref="RangeScan.Passed"/> after each block. Matches never extend past <c>scan.End</c>.
    /// </summary>
    /// <param name="text">The whole context.</param>
    /// <param name="scan">The range and the sink.</param>
    public abstract void Scan(ReadOnlySpan<char> text, RangeScan scan);
}
