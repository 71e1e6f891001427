using System.Text.RegularExpressions;

namespace Rlm.Roslyn;

/// <summary>
/// A regex built by <see cref="UntrustedRegex"/>, run with <see cref="Regex.EnumerateMatches(ReadOnlySpan{char})"/> over
/// blocks cut at line starts when the pattern is line-local (see <see cref="RegexLineLocality"/>), else over the whole context at once.
/// On long contexts a line-local pattern runs through its compiled backtracking twin (<see cref="CompiledRegexCache"/>); when
/// the regex was NonBacktracking, the twin gets <see cref="FallbackTimeout"/> and a block that exceeds it is searched again
/// with NonBacktracking, which then finishes the range and every range scanned after it.
/// </summary>
internal sealed class RegexMatcher(Regex regex, string pattern, TimeSpan timeout) : GrepMatcher
{
    /// <summary>
    /// How long the compiled twin of a NonBacktracking regex may search one block (at most 64 K chars, which linear
    /// patterns search in well under a millisecond) before the block goes to NonBacktracking: a catastrophic
    /// pattern costs at most this once per range.
    /// </summary>
    public static readonly TimeSpan FallbackTimeout = TimeSpan.FromMilliseconds(200);

    private int _fallbacks;

    /// <inheritdoc/>
    public override bool LineLocal { get; } = RegexLineLocality.IsLineLocal(pattern);

    /// <summary>
    /// How many blocks the compiled twin gave up on. After the first, every range this matcher scans (the other cores'
    /// ranges, and each chunk <c>rlm grep</c> reads) goes straight to NonBacktracking: the pattern was shown to explode.
    /// </summary>
    public int Fallbacks => Volatile.Read(ref _fallbacks);

    /// <inheritdoc/>
    public override void Scan(ReadOnlySpan<char> text, RangeScan scan)
    {
        try
        {
            if (LineLocal)
            {
                ScanBlocks(text, scan, text.Length >= scan.CompiledRegexMinChars ? Twin() : null);
            }
            else
            {
                // Matches may cross lines: one pass over the whole context, exactly as Regex sees it.
                var skipBefore = 0;
                var lastReported = -1;
                ScanWindow(regex, text, 0, text.Length, text.Length, scan, ref skipBefore, ref lastReported);
                scan.Passed(scan.End);
            }
        }
        catch (RegexMatchTimeoutException ex)
        {
            throw UntrustedRegex.TimedOut(pattern, timeout, ex);
        }
    }

    /// <summary>The compiled twin: with the fallback timeout when NonBacktracking can take over, else with the caller's timeout.</summary>
    private Regex Twin() =>
        CompiledRegexCache.Get(regex, regex.Options.HasFlag(RegexOptions.NonBacktracking) && FallbackTimeout < timeout ? FallbackTimeout : timeout);

    private void ScanBlocks(ReadOnlySpan<char> text, RangeScan scan, Regex? compiled)
    {
        var canFallBack = compiled is not null && regex.Options.HasFlag(RegexOptions.NonBacktracking);
        var position = scan.Start;
        var skipBefore = position;
        do
        {
            // Cut after the block's last '\n' (a line-local match never spans one), or after the next one.
            var blockEnd = (int)Math.Min((long)position + scan.BlockChars, scan.End);
            if (blockEnd < scan.End)
            {
                var lastNewline = text[position..blockEnd].LastIndexOf('\n');
                if (lastNewline >= 0)
                {
                    blockEnd = position + lastNewline + 1;
                }
                else
                {
                    var nextNewline = text[blockEnd..scan.End].IndexOf('\n');
                    blockEnd = nextNewline < 0 ? scan.End : blockEnd + nextNewline + 1;
                }
            }

            var lastReported = -1;
            if (canFallBack && Fallbacks > 0)
            {
                compiled = null;
            }

            if (compiled is null)
            {
                ScanWindow(regex, text, position, blockEnd, text.Length, scan, ref skipBefore, ref lastReported);
            }
            else
            {
                try
                {
                    ScanWindow(compiled, text, position, blockEnd, text.Length, scan, ref skipBefore, ref lastReported);
                }
                catch (RegexMatchTimeoutException) when (canFallBack)
                {
                    // The same matches, linear time: the ones already reported are skipped.
                    Interlocked.Increment(ref _fallbacks);
                    compiled = null;
                    ScanWindow(regex, text, position, blockEnd, text.Length, scan, ref skipBefore, ref lastReported);
                }
            }

            position = blockEnd;
            scan.Passed(position);
        }
        while (position < scan.End); // Runs once on an empty context, where ^ or an empty pattern still match.
    }

    /// <summary>
    /// Reports the matches in <c>text[start..end)</c>; an empty match at <paramref name="end"/> belongs to the next window
    /// unless it is the context's end. Matches before <paramref name="skipBefore"/> (the end of the last matching line in
    /// one-match-per-line mode) or at or before <paramref name="lastReported"/> (a search started again) are skipped.
    /// </summary>
    private static void ScanWindow(Regex regex, ReadOnlySpan<char> text, int start, int end, int textLength, RangeScan scan, ref int skipBefore, ref int lastReported)
    {
        foreach (var match in regex.EnumerateMatches(text[start..end]))
        {
            var offset = start + match.Index;
            if (offset < skipBefore || offset <= lastReported)
            {
                continue;
            }

            if (offset == end && end != textLength)
            {
                break;
            }

            lastReported = offset;
            skipBefore = scan.Add(offset, match.Length);
            if (skipBefore == scan.End && scan.OneMatchPerLine && (scan.End == 0 || text[scan.End - 1] != '\n'))
            {
                // No line break follows in the range: an empty match at its very end (of $ or x*) is still on this line.
                skipBefore = scan.End + 1;
            }
        }
    }
}
