using System.Text.RegularExpressions;

namespace Rlm.Roslyn;

/// <summary>
/// A regex built by <see cref="UntrustedRegex"/>, run with <see cref="Regex.EnumerateMatches(ReadOnlySpan{char})"/> over
/// blocks cut at line starts when the pattern is line-local (see <see cref="RegexLineLocality"/>), else over the whole context at once.
/// </summary>
internal sealed class RegexMatcher(Regex regex, string pattern, TimeSpan timeout) : GrepMatcher
{
    /// <inheritdoc/>
    public override bool LineLocal { get; } = RegexLineLocality.IsLineLocal(pattern);

    /// <inheritdoc/>
    public override void Scan(ReadOnlySpan<char> text, RangeScan scan)
    {
        try
        {
            if (LineLocal)
            {
                ScanBlocks(text, scan);
            }
            else
            {
                // Matches may cross lines: one pass over the whole context, exactly as Regex sees it.
                ScanWindow(text, 0, text.Length, text.Length, scan, 0);
                scan.Passed(scan.End);
            }
        }
        catch (RegexMatchTimeoutException ex)
        {
            throw UntrustedRegex.TimedOut(pattern, timeout, ex);
        }
    }

    private void ScanBlocks(ReadOnlySpan<char> text, RangeScan scan)
    {
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

            skipBefore = ScanWindow(text, position, blockEnd, text.Length, scan, skipBefore);
            position = blockEnd;
            scan.Passed(position);
        }
        while (position < scan.End); // Runs once on an empty context, where ^ or an empty pattern still match.
    }

    /// <summary>Reports the matches in <c>text[start..end)</c>; an empty match at <paramref name="end"/> belongs to the next window unless it is the context's end.</summary>
    /// <returns>The offset before which later matches are skipped (the end of the last matching line in one-match-per-line mode).</returns>
    private int ScanWindow(ReadOnlySpan<char> text, int start, int end, int textLength, RangeScan scan, int skipBefore)
    {
        foreach (var match in regex.EnumerateMatches(text[start..end]))
        {
            var offset = start + match.Index;
            if (offset < skipBefore)
            {
                continue;
            }

            if (offset == end && end != textLength)
            {
                break;
            }

            skipBefore = scan.Add(offset, match.Length);
        }

        return skipBefore;
    }
}
