using System.Collections.Concurrent;

namespace Rlm.Roslyn;

/// <summary>
/// Describes, for the fused ignore-case kernel, which chars equal a given char under <see cref="StringComparison.OrdinalIgnoreCase"/>:
/// found once per char by testing all 65,536 chars, so the kernel's mask is exact rather than assumed from ASCII rules.
/// </summary>
internal static class CaseMask
{
    private static readonly ConcurrentDictionary<char, (ushort Value, ushort Mask)?> Cache = new();

    /// <summary>The probe for <paramref name="c"/> at <paramref name="offset"/>, or <see langword="null"/> when no mask tests its case partners exactly.</summary>
    /// <param name="c">A char of the literal (not a surrogate).</param>
    /// <param name="offset">Its offset in the literal.</param>
    public static Probe? Of(char c, int offset) =>
        Cache.GetOrAdd(c, Compute) is { } found ? new Probe(offset, found.Value, found.Mask) : null;

    private static (ushort Value, ushort Mask)? Compute(char c)
    {
        var alone = true;
        var folded = true;
        for (var x = 0; x <= char.MaxValue; x++)
        {
            var other = (char)x;
            var equal = x == c || new ReadOnlySpan<char>(in other).Equals(new ReadOnlySpan<char>(in c), StringComparison.OrdinalIgnoreCase);
            alone &= equal == (x == c);
            folded &= equal == ((x | 0x20) == (c | 0x20));
        }

        return alone ? (c, (ushort)0) : folded ? ((ushort)(c | 0x20), (ushort)0x20) : null;
    }
}
