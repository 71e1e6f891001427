using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Rlm.Roslyn;

/// <summary>
/// A literal (ordinal or ordinal-ignore-case) found and located in one pass over memory: each step (32 chars with
/// Vector512, 16 with Vector256) loads the text at the step and at two probe offsets of the literal (its two rarest
/// chars), compares the probes with the literal's chars (case folded by OR-ing 0x20 where that is exactly what
/// ignore-case equality means) and counts the <c>'\n'</c>s of the step in a vector accumulator. Candidates where both
/// probes agree are checked on their first 16 chars in the loop, then verified in full; only matches ask for the line
/// count, so line numbers cost no second pass.
/// </summary>
/// <remarks>Built by <see cref="TryCreate(string, bool)"/> only where Vector256 is accelerated and the literal suits it; else <see cref="LiteralMatcher"/> runs.</remarks>
internal sealed class FusedLiteralMatcher : GrepMatcher
{
    // At most this many chars between two sums of the newline accumulator: no ushort lane, nor their sum, can overflow.
    private const int MaxBlockChars = 32 * 1024;

    private readonly string _literal;
    private readonly StringComparison _comparison;
    private readonly FusedProbes _probes;
    private readonly bool _wide;

    private FusedLiteralMatcher(string literal, bool ignoreCase, Probe first, Probe second, bool wide)
    {
        _wide = wide;
        _literal = literal;
        _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        Span<ushort> values = stackalloc ushort[Vector256<ushort>.Count];
        Span<ushort> masks = stackalloc ushort[Vector256<ushort>.Count];
        var lanes = 0u;
        for (var i = 0; i < Math.Min(literal.Length, values.Length); i++)
        {
            var probe = ignoreCase ? CaseMask.Of(literal[i], i) : new Probe(i, literal[i], 0);
            if (probe is { } p)
            {
                (values[i], masks[i]) = (p.Value, p.Mask);
                lanes |= 1u << i;
            }
        }

        _probes = new FusedProbes(first, second, Vector256.Create<ushort>(values), Vector256.Create<ushort>(masks), lanes);
    }

    /// <inheritdoc/>
    public override bool LineLocal => true;

    /// <summary>The literal's offsets whose chars the kernel compares first (for tests).</summary>
    internal (int First, int Second) ProbeOffsets => (_probes.First.Offset, _probes.Second.Offset);

    /// <summary>
    /// The fused kernel for <paramref name="literal"/>, or <see langword="null"/> when Vector256 is not accelerated, the
    /// literal holds a <c>'\n'</c> (it is not line-local), or ignore-case equality of its chars cannot be tested with a
    /// mask (a surrogate, or a char with a case partner other than itself XOR 0x20).
    /// </summary>
    /// <param name="literal">The text to find; not empty.</param>
    /// <param name="ignoreCase">Whether to compare with <see cref="StringComparison.OrdinalIgnoreCase"/>.</param>
    public static FusedLiteralMatcher? TryCreate(string literal, bool ignoreCase) => TryCreate(literal, ignoreCase, Vector512.IsHardwareAccelerated);

    /// <summary>Like <see cref="TryCreate(string, bool)"/>, choosing the step width (tests run both).</summary>
    /// <param name="literal">The text to find; not empty.</param>
    /// <param name="ignoreCase">Whether to compare with <see cref="StringComparison.OrdinalIgnoreCase"/>.</param>
    /// <param name="wide">Whether to step 32 chars with Vector512 (which must be accelerated) rather than 16 with Vector256.</param>
    internal static FusedLiteralMatcher? TryCreate(string literal, bool ignoreCase, bool wide)
    {
        ArgumentException.ThrowIfNullOrEmpty(literal);
        if (!Vector256.IsHardwareAccelerated || literal.Contains('\n', StringComparison.Ordinal))
        {
            return null;
        }

        if (ignoreCase && literal.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            // OrdinalIgnoreCase folds surrogate pairs as whole code points: no per-char mask describes that.
            return null;
        }

        // Rarest first; ties keep the later offset (the end of a word varies more than its start).
        var order = Enumerable.Range(0, literal.Length)
            .OrderBy(i => CharFrequency.Of(ignoreCase ? char.ToLowerInvariant(literal[i]) : literal[i], ignoreCase))
            .ThenByDescending(i => i);
        var probes = new List<Probe>(2);
        foreach (var offset in order)
        {
            if (probes.Count == 1 && literal[offset] == literal[probes[0].Offset])
            {
                continue;
            }

            var probe = ignoreCase ? CaseMask.Of(literal[offset], offset) : new Probe(offset, literal[offset], 0);
            if (probe is not null)
            {
                probes.Add(probe.Value);
                if (probes.Count == 2)
                {
                    break;
                }
            }
        }

        return probes.Count switch
        {
            0 => null,
            1 => new FusedLiteralMatcher(literal, ignoreCase, probes[0], probes[0], wide),
            _ => new FusedLiteralMatcher(literal, ignoreCase, probes[0], probes[1], wide),
        };
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a long-running loop: straight to optimised code, no on-stack replacement
    public override void Scan(ReadOnlySpan<char> text, RangeScan scan)
    {
        var length = _literal.Length;
        var end = scan.End;
        var position = scan.Start;
        var newlines = 0;

        // The last step whose probe loads and candidate matches stay inside the range.
        var wide = _wide;
        var step = wide ? Vector512<ushort>.Count : Vector256<ushort>.Count;
        var lastStep = end - length - (step - 1);
        var blockChars = Math.Clamp(scan.BlockChars, step, MaxBlockChars);
        ref var chars = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
        var probes = _probes;
        var prefixLimit = text.Length - Vector256<ushort>.Count;
        var skipBefore = position;
        while (position <= lastStep)
        {
            var blockLast = (int)Math.Min(lastStep, (long)position + blockChars - 1);
            while (true)
            {
                position = wide
                    ? NextCandidate512(ref chars, position, blockLast, prefixLimit, probes, ref newlines, out var bits, out var newlineBits)
                    : NextCandidate256(ref chars, position, blockLast, prefixLimit, probes, ref newlines, out bits, out newlineBits);
                if (bits == 0)
                {
                    break;
                }

                var resume = Verify(text, scan, position, step, bits, newlineBits, newlines, ref skipBefore);
                if (resume < 0)
                {
                    newlines += BitOperations.PopCount(newlineBits);
                    position += step;
                }
                else
                {
                    // One match per line jumped to the next line: recount from the step and resume there.
                    newlines += text[position..resume].Count('\n');
                    position = resume;
                }
            }

            scan.PassedCounted(position, newlines);
        }

        ScanTail(text, scan, Math.Max(position, skipBefore), newlines + text[position..Math.Max(position, skipBefore)].Count('\n'));
    }

    /// <summary>
    /// The hot loop, alone in a method without calls so its constant vectors stay in registers: steps from
    /// <paramref name="position"/> to the first step with a candidate (or past <paramref name="last"/>), adding the
    /// newlines of the steps it leaves behind to <paramref name="newlines"/>.
    /// </summary>
    /// <returns>The step with candidates (its <paramref name="bits"/> nonzero), or the first step past <paramref name="last"/>.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static int NextCandidate256(
        ref ushort chars, int position, int last, int prefixLimit, in FusedProbes probes, ref int newlines, out ulong bits, out ulong newlineBits)
    {
        var newline = Vector256.Create((ushort)'\n');
        var prefixValue = probes.PrefixValue;
        var prefixMask = probes.PrefixMask;
        var prefixLanes = probes.PrefixLanes;
        var firstValue = Vector256.Create(probes.First.Value);
        var firstMask = Vector256.Create(probes.First.Mask);
        var secondValue = Vector256.Create(probes.Second.Value);
        var secondMask = Vector256.Create(probes.Second.Mask);
        var firstOffset = (nuint)probes.First.Offset;
        var secondOffset = (nuint)probes.Second.Offset;
        var counted = Vector256<ushort>.Zero;
        bits = 0;
        newlineBits = 0;
        while (position <= last)
        {
            var step = Vector256.LoadUnsafe(ref chars, (nuint)position);
            var first = Vector256.LoadUnsafe(ref chars, (nuint)position + firstOffset);
            var second = Vector256.LoadUnsafe(ref chars, (nuint)position + secondOffset);
            var isNewline = Vector256.Equals(step, newline);
            var candidates = Vector256.Equals(first | firstMask, firstValue) & Vector256.Equals(second | secondMask, secondValue);
            if (candidates != Vector256<ushort>.Zero)
            {
                bits = Prefiltered(ref chars, position, candidates.ExtractMostSignificantBits(), prefixLimit, prefixValue, prefixMask, prefixLanes);
                if (bits != 0)
                {
                    newlineBits = isNewline.ExtractMostSignificantBits();
                    break;
                }
            }

            counted -= isNewline;
            position += Vector256<ushort>.Count;
        }

        newlines += Vector256.Sum(counted);
        return position;
    }

    /// <summary>The same loop as <see cref="NextCandidate256"/> with 32-char steps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static int NextCandidate512(
        ref ushort chars, int position, int last, int prefixLimit, in FusedProbes probes, ref int newlines, out ulong bits, out ulong newlineBits)
    {
        var newline = Vector512.Create((ushort)'\n');
        var prefixValue = probes.PrefixValue;
        var prefixMask = probes.PrefixMask;
        var prefixLanes = probes.PrefixLanes;
        var firstValue = Vector512.Create(probes.First.Value);
        var firstMask = Vector512.Create(probes.First.Mask);
        var secondValue = Vector512.Create(probes.Second.Value);
        var secondMask = Vector512.Create(probes.Second.Mask);
        var firstOffset = (nuint)probes.First.Offset;
        var secondOffset = (nuint)probes.Second.Offset;
        var counted = Vector512<ushort>.Zero;
        bits = 0;
        newlineBits = 0;
        while (position <= last)
        {
            var step = Vector512.LoadUnsafe(ref chars, (nuint)position);
            var first = Vector512.LoadUnsafe(ref chars, (nuint)position + firstOffset);
            var second = Vector512.LoadUnsafe(ref chars, (nuint)position + secondOffset);
            var isNewline = Vector512.Equals(step, newline);
            var candidates = Vector512.Equals(first | firstMask, firstValue) & Vector512.Equals(second | secondMask, secondValue);
            if (candidates != Vector512<ushort>.Zero)
            {
                bits = Prefiltered(ref chars, position, candidates.ExtractMostSignificantBits(), prefixLimit, prefixValue, prefixMask, prefixLanes);
                if (bits != 0)
                {
                    newlineBits = isNewline.ExtractMostSignificantBits();
                    break;
                }
            }

            counted -= isNewline;
            position += Vector512<ushort>.Count;
        }

        newlines += Vector512.Sum(counted);
        return position;
    }

    /// <summary>The candidates of a step whose first chars agree with the literal's (all those too near the text's end to load 16 chars).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Prefiltered(
        ref ushort chars, int stepStart, ulong candidates, int prefixLimit, Vector256<ushort> prefixValue, Vector256<ushort> prefixMask, uint prefixLanes)
    {
        var kept = 0ul;
        while (candidates != 0)
        {
            var lane = BitOperations.TrailingZeroCount(candidates);
            candidates &= candidates - 1;
            var offset = stepStart + lane;
            if (offset > prefixLimit)
            {
                kept |= 1ul << lane;
                continue;
            }

            var head = Vector256.LoadUnsafe(ref chars, (nuint)offset);
            var agree = Vector256.Equals(head | prefixMask, prefixValue).ExtractMostSignificantBits();
            if ((agree & prefixLanes) == prefixLanes)
            {
                kept |= 1ul << lane;
            }
        }

        return kept;
    }

    /// <summary>Verifies the candidates of the step at <paramref name="stepStart"/> and reports the matches.</summary>
    /// <returns>-1 to go on with the next step, or the offset to resume at when a match sent the scan past this step.</returns>
    private int Verify(ReadOnlySpan<char> text, RangeScan scan, int stepStart, int step, ulong bits, ulong newlineBits, int newlines, ref int skipBefore)
    {
        var length = _literal.Length;
        while (bits != 0)
        {
            var lane = BitOperations.TrailingZeroCount(bits);
            bits &= bits - 1;
            var offset = stepStart + lane;
            if (offset < skipBefore || !text.Slice(offset, length).Equals(_literal, _comparison))
            {
                continue;
            }

            var before = newlines + BitOperations.PopCount(newlineBits & ((1ul << lane) - 1));
            skipBefore = scan.AddCounted(offset, length, before);
            if (skipBefore > stepStart + step)
            {
                return skipBefore;
            }
        }

        return -1;
    }

    /// <summary>The last chars of the range, too few for a whole step: the BCL search and count.</summary>
    private void ScanTail(ReadOnlySpan<char> text, RangeScan scan, int position, int newlines)
    {
        var end = scan.End;
        while (position < end)
        {
            var found = text[position..end].IndexOf(_literal, _comparison);
            if (found < 0)
            {
                break;
            }

            var offset = position + found;
            var before = newlines + text[position..offset].Count('\n');
            var next = scan.AddCounted(offset, _literal.Length, before);
            newlines = before + text[offset..next].Count('\n');
            position = next;
        }

        if (position < end)
        {
            newlines += text[position..end].Count('\n');
        }

        scan.PassedCounted(end, newlines);
    }
}
