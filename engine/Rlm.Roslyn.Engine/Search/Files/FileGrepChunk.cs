using System.Buffers;
using System.Text;

namespace Rlm.Roslyn;

/// <summary>
/// What searching one chunk found: the count of matching lines, the <c>'\n'</c>s in the chunk, and the kept lines as
/// UTF-8 in one pooled buffer, each with its 0-based line index within the chunk. <see cref="Return"/> gives the buffers back.
/// </summary>
internal sealed class FileGrepChunk
{
    private byte[] _text = [];
    private int[] _ends = [];
    private long[] _lines = [];
    private int _used;

    /// <summary>A chunk with the given counts and no lines yet.</summary>
    /// <param name="newlines">The <c>'\n'</c>s in the chunk.</param>
    /// <param name="total">The matching lines in the chunk.</param>
    public FileGrepChunk(long newlines, int total)
    {
        Newlines = newlines;
        Total = total;
    }

    private FileGrepChunk(string skippedReason) => SkippedReason = skippedReason;

    /// <summary>The <c>'\n'</c>s in the chunk.</summary>
    public long Newlines { get; }

    /// <summary>The matching lines in the chunk (all of them, kept or not).</summary>
    public int Total { get; }

    /// <summary>Why the file could not be searched (here or from here on), or <see langword="null"/>.</summary>
    public string? SkippedReason { get; }

    /// <summary>How many lines were kept.</summary>
    public int Count { get; private set; }

    /// <summary>A chunk with nothing in it.</summary>
    public static FileGrepChunk Empty() => new(0, 0);

    /// <summary>A chunk standing for a file, or the rest of one, that could not be searched.</summary>
    public static FileGrepChunk Skip(string reason) => new(reason);

    /// <summary>Keeps a line.</summary>
    /// <param name="line">Its 0-based line index within the chunk.</param>
    /// <param name="text">Its text, without the line break.</param>
    public void Add(long line, ReadOnlySpan<char> text)
    {
        var needed = _used + Encoding.UTF8.GetMaxByteCount(text.Length);
        if (needed > _text.Length)
        {
            Grow(ref _text, Math.Max(needed, Math.Max(64 << 10, _text.Length * 2)));
        }

        if (Count == _ends.Length)
        {
            Grow(ref _ends, Math.Max(256, Count * 2));
            Grow(ref _lines, Math.Max(256, Count * 2));
        }

        _used += Encoding.UTF8.GetBytes(text, _text.AsSpan(_used));
        _ends[Count] = _used;
        _lines[Count] = line;
        Count++;
    }

    /// <summary>The 0-based line index within the chunk of kept line <paramref name="i"/>.</summary>
    public long LineOf(int i) => _lines[i];

    /// <summary>The UTF-8 text of kept line <paramref name="i"/>.</summary>
    public ReadOnlySpan<byte> TextOf(int i)
    {
        var start = i == 0 ? 0 : _ends[i - 1];
        return _text.AsSpan(start, _ends[i] - start);
    }

    /// <summary>Gives the pooled buffers back; the chunk is empty afterwards.</summary>
    public void Return()
    {
        Release(ref _text);
        Release(ref _ends);
        Release(ref _lines);
        _used = 0;
        Count = 0;
    }

    private static void Grow<T>(ref T[] array, int size)
    {
        var grown = ArrayPool<T>.Shared.Rent(size);
        array.AsSpan().CopyTo(grown);
        Release(ref array);
        array = grown;
    }

    private static void Release<T>(ref T[] array)
    {
        if (array.Length > 0)
        {
            ArrayPool<T>.Shared.Return(array);
        }

        array = [];
    }
}
