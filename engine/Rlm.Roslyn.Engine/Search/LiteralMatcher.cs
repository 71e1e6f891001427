namespace Rlm.Roslyn;

/// <summary>A literal, ordinal or ordinal-ignore-case: vectorised <see cref="MemoryExtensions.IndexOf(ReadOnlySpan{char}, ReadOnlySpan{char}, StringComparison)"/>.</summary>
internal sealed class LiteralMatcher(string literal, bool ignoreCase) : GrepMatcher
{
    private readonly StringComparison _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <inheritdoc/>
    public override bool LineLocal { get; } = !literal.Contains('\n', StringComparison.Ordinal);

    /// <inheritdoc/>
    public override void Scan(ReadOnlySpan<char> text, RangeScan scan)
    {
        // Ordinal and OrdinalIgnoreCase compare char by char, so a match is always literal.Length chars long.
        var length = literal.Length;
        var position = scan.Start;
        while (position < scan.End)
        {
            // Matches starting in [position, blockEnd) lie inside the window, which reaches length - 1 chars further.
            var blockEnd = (int)Math.Min((long)position + scan.BlockChars, scan.End);
            var windowEnd = (int)Math.Min((long)blockEnd + length - 1, scan.End);
            while (position < blockEnd)
            {
                var found = text[position..windowEnd].IndexOf(literal, _comparison);
                if (found < 0)
                {
                    break;
                }

                position = scan.Add(position + found, length);
            }

            position = Math.Max(position, blockEnd);
            scan.Passed(position);
        }
    }
}
