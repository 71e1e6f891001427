using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Rlm.Roslyn;

/// <summary>
/// A literal (ordinal or ordinal-ignore-case) found and located in one pass over memory: each 16-char step loads the
/// text once at the step and at two probe offsets of the literal (its two rarest chars), compares the probes with the
/// literal's chars (case folded by OR-ing 0x20 where that is exactly what ignore-case equality means) and counts the
/// <c>'\n'</c>s of the step in a vector accumulator. Only candidates where both probes agree are verified, and only
/// matches ask for the line count, so line numbers cost no second pass.
/// </summary>
/// <remarks>Built by <see cref="TryCreate"/> only where Vector256 is accelerated and the literal suits it; else <see cref="LiteralMatcher"/> runs.</remarks>
internal sealed class FusedLiteralMatcher : GrepMatcher
{
    private const int Step = 16;

    // At most this many steps between two flushes of the accumulator: a ushort lane then never overflows, nor does their sum.
    private const int MaxBlockChars = 2048 * Step;

    private readonly string _literal;
    private readonly StringComparison _comparison;
    private readonly Probe _first;
    private readonly Probe _second;

    private FusedLiteralMatcher(string literal, bool ignoreCase, Probe first, Probe second)
    {
        _literal = literal;
        _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        _first = first;
        _second = second;
    }

    /// <inheritdoc/>
    public override bool LineLocal => true;

    /// <summary>The literal's offsets whose chars the kernel compares first (for tests).</summary>
    internal (int First, int Second) ProbeOffsets => (_first.Offset, _second.Offset);

    /// <summary>
    /// The fused kernel for <paramref name="literal"/>, or <see langword="null"/> when Vector256 is not accelerated, the
    /// literal holds a <c>'\n'</c> (it is not line-local), or ignore-case equality of its chars cannot be tested with a
    /// mask (a surrogate, or a char with a case partner other than itself XOR 0x20).
    /// </summary>
    /// <param name="literal">The text to find; not empty.</param>
    /// <param name="ignoreCase">Whether to compare with <see cref="StringComparison.OrdinalIgnoreCase"/>.</param>
    public static FusedLiteralMatcher? TryCreate(string literal, bool ignoreCase)
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
            1 => new FusedLiteralMatcher(literal, ignoreCase, probes[0], probes[0]),
            _ => new FusedLiteralMatcher(literal, ignoreCase, probes[0], probes[1]),
        };
    }

    /// <inheritdoc/>
    public override void Scan(ReadOnlySpan<char> text, RangeScan scan)
    {
        var length = _literal.Length;
        var end = scan.End;
        var position = scan.Start;
        var newlines = 0;

        // The last step whose probe loads and candidate matches stay inside the range.
        var lastStep = end - length - (Step - 1);
        var blockChars = Math.Clamp(scan.BlockChars, Step, MaxBlockChars);
        ref var chars = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
        var newline = Vector256.Create((ushort)'\n');
        var firstValue = Vector256.Create(_first.Value);
        var firstMask = Vector256.Create(_first.Mask);
        var secondValue = Vector256.Create(_second.Value);
        var secondMask = Vector256.Create(_second.Mask);
        var skipBefore = position;
        while (position <= lastStep)
        {
            var blockLast = (int)Math.Min(lastStep, (long)position + blockChars - 1);
            var counted = Vector256<ushort>.Zero;
            while (position <= blockLast)
            {
                var step = Vector256.LoadUnsafe(ref chars, (nuint)position);
                var first = Vector256.LoadUnsafe(ref chars, (nuint)(position + _first.Offset));
                var second = Vector256.LoadUnsafe(ref chars, (nuint)(position + _second.Offset));
                var isNewline = Vector256.Equals(step, newline);
                var candidates = Vector256.Equals(first | firstMask, firstValue) & Vector256.Equals(second | secondMask, secondValue);
                if (candidates != Vector256<ushort>.Zero)
                {
                    var bits = candidates.ExtractMostSignificantBits();
                    var stepStart = position;
                    while (bits != 0)
                    {
                        var lane = BitOperations.TrailingZeroCount(bits);
                        bits &= bits - 1;
                        var offset = stepStart + lane;
                        if (offset < skipBefore || !text.Slice(offset, length).Equals(_literal, _comparison))
                        {
                            continue;
                        }

                        var before = newlines + Vector256.Sum(counted)
                            + BitOperations.PopCount(isNewline.ExtractMostSignificantBits() & ((1u << lane) - 1));
                        var next = scan.AddCounted(offset, length, before);
                        skipBefore = next;
                        if (next > stepStart + Step)
                        {
                            // One match per line jumped to the next line: recount from the match and resume there.
                            newlines = before + text[offset..next].Count('\n');
                            counted = Vector256<ushort>.Zero;
                            position = next;
                            break;
                        }
                    }

                    if (position != stepStart)
                    {
                        continue;
                    }
                }

                counted -= isNewline;
                position += Step;
            }

            newlines += Vector256.Sum(counted);
            scan.PassedCounted(position, newlines);
        }

        ScanTail(text, scan, Math.Max(position, skipBefore), newlines + text[position..Math.Max(position, skipBefore)].Count('\n'));
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
