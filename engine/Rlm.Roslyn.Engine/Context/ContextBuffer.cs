namespace Rlm.Roslyn;

/// <summary>
/// The one contiguous char buffer a context is decoded into. It is preallocated from the files' sizes and
/// grows by doubling only when a file grew after it was measured (or for input of unknown length), never past
/// <see cref="MaxChars"/> plus <see cref="Slack"/>.
/// </summary>
internal sealed class ContextBuffer
{
    /// <summary>
    /// Room kept free beyond the bytes handed to a decoder: it may still hold up to three bytes of an
    /// incomplete sequence from the previous block, and flushing them yields a replacement char or two.
    /// Keeping this much room means a decoder call never runs out of space, so no fallback is ever retried.
    /// </summary>
    public const int Slack = 8;

    private readonly int _capacityLimit;
    private char[] _chars;

    /// <summary>Creates a buffer of <paramref name="initialCapacity"/> chars (clamped) for at most <paramref name="maxChars"/> chars of text.</summary>
    /// <param name="initialCapacity">The expected length in chars; <see cref="Slack"/> is added.</param>
    /// <param name="maxChars">The most text the buffer may end up holding.</param>
    public ContextBuffer(long initialCapacity, int maxChars)
    {
        MaxChars = maxChars;
        _capacityLimit = maxChars + Slack;
        var capacity = (int)Math.Clamp(initialCapacity + Slack, Slack, _capacityLimit);

        // Every char handed out is written before it is exposed (Text slices [0, Length)), so skip zeroing.
        _chars = GC.AllocateUninitializedArray<char>(capacity);
        HugePages.Advise(_chars);
    }

    /// <summary>The most text the buffer may hold; a longer context is an error for the caller to report.</summary>
    public int MaxChars { get; }

    /// <summary>How many chars were written.</summary>
    public int Length { get; private set; }

    /// <summary>Whether more than <see cref="MaxChars"/> chars were written.</summary>
    public bool IsOverLimit => Length > MaxChars;

    /// <summary>The chars written so far. Valid until the buffer next grows.</summary>
    public Span<char> Written => _chars.AsSpan(0, Length);

    /// <summary>The whole text, without copying. Call once writing is over.</summary>
    public ReadOnlyMemory<char> ToMemory() => _chars.AsMemory(0, Length);

    /// <summary>
    /// The free space after the text, grown (by doubling) to hold <paramref name="wanted"/> chars when the
    /// limit allows. It may be shorter than asked near the limit, but holds at least <see cref="Slack"/>
    /// chars while the buffer is not over its limit.
    /// </summary>
    /// <param name="wanted">How many chars the caller would like to write.</param>
    public Span<char> GetFreeSpace(int wanted)
    {
        var needed = (long)Length + wanted;
        if (needed > _chars.Length && _chars.Length < _capacityLimit)
        {
            var capacity = (int)Math.Min(Math.Max(2L * _chars.Length, needed), _capacityLimit);
            var grown = GC.AllocateUninitializedArray<char>(capacity);
            HugePages.Advise(grown);
            Written.CopyTo(grown);
            _chars = grown;
        }

        return _chars.AsSpan(Length);
    }

    /// <summary>Records that <paramref name="count"/> chars were written into the span from <see cref="GetFreeSpace"/>.</summary>
    /// <param name="count">How many chars were written.</param>
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _chars.Length - Length);
        Length += count;
    }

    /// <summary>Appends <paramref name="text"/>, growing as needed. Check <see cref="IsOverLimit"/> afterwards.</summary>
    /// <param name="text">The chars to append; at most <see cref="MaxChars"/> of them are kept when the limit is hit.</param>
    public void Append(ReadOnlySpan<char> text)
    {
        var free = GetFreeSpace(text.Length);
        var count = Math.Min(text.Length, free.Length);
        text[..count].CopyTo(free);
        Length += count;
    }

    /// <summary>Drops everything after the first <paramref name="length"/> chars (to undo a file that was skipped).</summary>
    /// <param name="length">The length to go back to; at most <see cref="Length"/>.</param>
    public void Truncate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Length);
        Length = length;
    }
}
