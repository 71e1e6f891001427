using System.Buffers;

namespace Rlm.Roslyn;

/// <summary>
/// Several literals at once with <see cref="SearchValues{T}"/> of strings (Teddy / Aho-Corasick, vectorised). At one
/// offset the first literal in the given order that matches wins, like a regex alternation <c>a|b|c</c>.
/// </summary>
internal sealed class AnyLiteralMatcher : GrepMatcher
{
    private readonly string[] _literals;
    private readonly SearchValues<string> _values;
    private readonly StringComparison _comparison;
    private readonly int _maxLength;

    public AnyLiteralMatcher(string[] literals, bool ignoreCase)
    {
        _literals = literals;
        _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        _values = SearchValues.Create(literals, _comparison);
        _maxLength = literals.Max(l => l.Length);
        LineLocal = !literals.Any(l => l.Contains('\n', StringComparison.Ordinal));
    }

    /// <inheritdoc/>
    public override bool LineLocal { get; }

    /// <inheritdoc/>
    public override void Scan(ReadOnlySpan<char> text, RangeScan scan)
    {
        var position = scan.Start;
        while (position < scan.End)
        {
            var blockEnd = (int)Math.Min((long)position + scan.BlockChars, scan.End);
            var windowEnd = (int)Math.Min((long)blockEnd + _maxLength - 1, scan.End);
            while (position < blockEnd)
            {
                // A shorter literal may be found past the block, where a longer one starting earlier did not fit the
                // window: the next block finds that one.
                var found = text[position..windowEnd].IndexOfAny(_values);
                var offset = position + found;
                if (found < 0 || offset >= blockEnd)
                {
                    break;
                }

                position = scan.Add(offset, LengthAt(text[offset..scan.End]));
            }

            position = Math.Max(position, blockEnd);
            scan.Passed(position);
        }
    }

    private int LengthAt(ReadOnlySpan<char> rest)
    {
        foreach (var literal in _literals)
        {
            if (rest.StartsWith(literal, _comparison))
            {
                return literal.Length;
            }
        }

        throw new InvalidOperationException("SearchValues reported a match that no literal makes.");
    }
}
