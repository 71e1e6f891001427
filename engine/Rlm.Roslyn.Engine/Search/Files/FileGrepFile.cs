using Microsoft.Win32.SafeHandles;

namespace Rlm.Roslyn;

/// <summary>
/// One file (or standard input) of a <see cref="FileGrep"/>: how it is searched, the open handle its chunks read from
/// (closed when the last chunk is done), and what the reporting side has seen of it so far.
/// </summary>
internal sealed class FileGrepFile
{
    private readonly SafeFileHandle? _handle;
    private int _pending;
    private volatile bool _capped;

    private FileGrepFile(FileGrepFileKind kind, ContextSource source, SafeFileHandle? handle = null, long start = 0, long end = 0, int chunks = 1, string? skipped = null, Stream? input = null)
    {
        Kind = kind;
        Input = input;
        Source = source;
        _handle = handle;
        Start = start;
        End = end;
        Chunks = chunks;
        _pending = chunks;
        SkippedReason = skipped;
    }

    /// <summary>The planned source.</summary>
    public ContextSource Source { get; }

    /// <summary>The name lines are reported under.</summary>
    public string Name => Source.Name;

    /// <summary>The first byte of text (past any byte order mark).</summary>
    public long Start { get; }

    /// <summary>One past the last byte, as measured when the file was opened.</summary>
    public long End { get; }

    /// <summary>How many work items the file is cut into (standard input read in chunks: not known ahead, 0).</summary>
    public int Chunks { get; }

    /// <summary>How the file is searched.</summary>
    public FileGrepFileKind Kind { get; }

    /// <summary>For standard input searched whole: the stream to load it from (the bytes already read, then the rest).</summary>
    public Stream? Input { get; }

    /// <summary>Why the file is not searched at all (<see cref="FileGrepFileKind.Skipped"/>), or <see langword="null"/>.</summary>
    public string? SkippedReason { get; }

    /// <summary>The open file, for UTF-8 files searched chunk by chunk.</summary>
    public SafeFileHandle Handle => _handle ?? throw new InvalidOperationException("This file is not read chunk by chunk.");

    /// <summary>Set once the file reported its most lines (or failed part-way): later chunks need not be searched.</summary>
    public bool Capped
    {
        get => _capped;
        set => _capped = value;
    }

    /// <summary>Reporting side: whether some chunk of the file was searched.</summary>
    public bool Searched { get; set; }

    /// <summary>Reporting side: the <c>'\n'</c>s before the next chunk.</summary>
    public long NewlinesBefore { get; set; }

    /// <summary>Reporting side: the matching lines found so far.</summary>
    public long Matching { get; set; }

    /// <summary>Reporting side: the matching lines reported so far.</summary>
    public long Reported { get; set; }

    /// <summary>A UTF-8 file searched in chunks of <paramref name="chunkBytes"/>, reading from <paramref name="handle"/>.</summary>
    public static FileGrepFile Chunked(ContextSource source, SafeFileHandle handle, long start, long end, int chunkBytes) =>
        new(FileGrepFileKind.Chunked, source, handle, start, end, (int)Math.Max(1, (end - start + chunkBytes - 1) / chunkBytes));

    /// <summary>A file (or standard input, from <paramref name="input"/> when given) loaded whole by the context loader.</summary>
    public static FileGrepFile Whole(ContextSource source, Stream? input = null) => new(FileGrepFileKind.Whole, source, input: input);

    /// <summary>A file of at most one chunk, opened, probed and searched by the worker that takes it.</summary>
    public static FileGrepFile SmallFile(ContextSource source) => new(FileGrepFileKind.Small, source);

    /// <summary>Standard input searched in chunks as it is read; each chunk carries its bytes.</summary>
    public static FileGrepFile Streamed(ContextSource source) => new(FileGrepFileKind.Streamed, source, chunks: 0);

    /// <summary>A file that is not searched.</summary>
    public static FileGrepFile Skipped(ContextSource source, string reason) => new(FileGrepFileKind.Skipped, source, skipped: reason);

    /// <summary>One chunk is done: the last one closes the handle.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _pending) == 0)
        {
            _handle?.Dispose();
        }
    }

    /// <summary>Closes the handle whatever is pending (a search that stopped early).</summary>
    public void Close() => _handle?.Dispose();
}
