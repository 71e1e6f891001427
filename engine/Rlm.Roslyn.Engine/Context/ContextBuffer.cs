namespace Rlm.Roslyn;

/// <summary>
/// The one contiguous char buffer a context is decoded into. It is preallocated from the files' sizes and
/// grows by doubling only when a file grew after it was measured (or for input of unknown length), never past
/// <see cref="MaxChars"/> plus <see cref="Slack"/>.
/// </summary>
/// <remarks>
/// On Linux a buffer of <see cref="SharedMinChars"/> chars or more lives in shared memory (<see cref="SharedText"/>), which
/// grows in place and is sealed by <see cref="ToMemory"/>, so a worker process can map the context instead of copying it.
/// Smaller buffers, and any when shared memory is unavailable, are a managed array.
/// </remarks>
internal sealed class ContextBuffer : IDisposable
{
    /// <summary>
    /// Room kept free beyond the bytes handed to a decoder: it may still hold up to three bytes of an
    /// incomplete sequence from the previous block, and flushing them yields a replacement char or two.
    /// Keeping this much room means a decoder call never runs out of space, so no fallback is ever retried.
    /// </summary>
    public const int Slack = 8;

    /// <summary>
    /// The least capacity, in chars, kept in shared memory: 128 KB. Below it a memfd's fixed costs (a descriptor held for the
    /// context's life, a handful of system calls, whole pages) buy nothing, since a worker receives that little text over its
    /// pipe in well under a millisecond; tests and small loads keep plain arrays. It is also standard input's first size.
    /// </summary>
    public const int SharedMinChars = 64 * 1024;

    private readonly int _capacityLimit;
    private char[]? _chars;
    private SharedText? _shared;
    private ReadOnlyMemory<char>? _sealed;

    /// <summary>Creates a buffer of <paramref name="initialCapacity"/> chars (clamped) for at most <paramref name="maxChars"/> chars of text.</summary>
    /// <param name="initialCapacity">The expected length in chars; <see cref="Slack"/> is added.</param>
    /// <param name="maxChars">The most text the buffer may end up holding.</param>
    public ContextBuffer(long initialCapacity, int maxChars)
    {
        MaxChars = maxChars;
        _capacityLimit = maxChars + Slack;
        var capacity = (int)Math.Clamp(initialCapacity + Slack, Slack, _capacityLimit);
        _shared = capacity >= SharedMinChars ? SharedText.TryCreate(capacity, _capacityLimit) : null;
        if (_shared is null)
        {
            // Every char handed out is written before it is exposed (Text slices [0, Length)), so skip zeroing.
            _chars = GC.AllocateUninitializedArray<char>(capacity);
            HugePages.Advise(_chars);
        }
    }

    /// <summary>The most text the buffer may hold; a longer context is an error for the caller to report.</summary>
    public int MaxChars { get; }

    /// <summary>How many chars were written.</summary>
    public int Length { get; private set; }

    /// <summary>Whether more than <see cref="MaxChars"/> chars were written.</summary>
    public bool IsOverLimit => Length > MaxChars;

    /// <summary>Whether the buffer lives in shared memory (until <see cref="ToMemory"/>, which hands it over).</summary>
    public bool IsShared => _shared is not null;

    /// <summary>The chars written so far. Valid until the buffer next grows, and never after <see cref="ToMemory"/>.</summary>
    public Span<char> Written => Chars[..Length];

    private Span<char> Chars
    {
        get
        {
            if (_sealed is not null)
            {
                throw new InvalidOperationException("The buffer was handed over by ToMemory; it can no longer be written.");
            }

            return _shared is not null ? _shared.Span : _chars;
        }
    }

    private int Capacity => Chars.Length;

    /// <summary>
    /// The whole text, without copying. Call once writing is over: shared memory is sealed read-only here, so every span from
    /// <see cref="Written"/> or <see cref="GetFreeSpace"/> is invalid afterwards, and writing throws. Later calls return the same memory.
    /// </summary>
    public ReadOnlyMemory<char> ToMemory()
    {
        if (_sealed is null)
        {
            var text = _shared is not null ? _shared.Seal(Length) : _chars.AsMemory(0, Length);
            _sealed = text;
            _shared = null;
            _chars = null;
        }

        return _sealed.Value;
    }

    /// <summary>
    /// The free space after the text, grown (by doubling) to hold <paramref name="wanted"/> chars when the
    /// limit allows. It may be shorter than asked near the limit, but holds at least <see cref="Slack"/>
    /// chars while the buffer is not over its limit. With <paramref name="wanted"/> 0 it never grows, so threads may
    /// share it.
    /// </summary>
    /// <param name="wanted">How many chars the caller would like to write.</param>
    public Span<char> GetFreeSpace(int wanted)
    {
        var needed = (long)Length + wanted;
        if (needed > Capacity && Capacity < _capacityLimit)
        {
            Grow((int)Math.Min(Math.Max(2L * Capacity, needed), _capacityLimit));
        }

        return Chars[Length..];
    }

    /// <summary>Records that <paramref name="count"/> chars were written into the span from <see cref="GetFreeSpace"/>.</summary>
    /// <param name="count">How many chars were written.</param>
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Chars.Length - Length);
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
        _ = Chars;
        Length = length;
    }

    /// <summary>Frees shared memory that was never handed over by <see cref="ToMemory"/> (a failed load); otherwise does nothing.</summary>
    public void Dispose()
    {
        _shared?.Dispose();
        _shared = null;
    }

    private void Grow(int capacity)
    {
        if (_shared is not null)
        {
            _shared.Grow(capacity);
            return;
        }

        // An array that grows this large moves to shared memory (standard input, or a file that grew after it was measured),
        // so big contexts are shared whichever way they were read.
        var shared = capacity >= SharedMinChars ? SharedText.TryCreate(capacity, _capacityLimit) : null;
        if (shared is not null)
        {
            Written.CopyTo(shared.Span);
            _shared = shared;
            _chars = null;
            return;
        }

        var grown = GC.AllocateUninitializedArray<char>(capacity);
        HugePages.Advise(grown);
        Written.CopyTo(grown);
        _chars = grown;
    }
}
