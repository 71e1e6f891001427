using System.Buffers;

namespace Rlm.Roslyn;

/// <summary>
/// One unit of a <see cref="FileGrep"/>: chunk <see cref="Index"/> of a file, and the result it completes with. A chunk
/// of standard input carries its bytes (read in order, as a stream must be); a chunk of a file is read by the worker.
/// </summary>
/// <param name="file">The file.</param>
/// <param name="index">The chunk's position in the file, from 0.</param>
/// <param name="last">Whether this is the file's last chunk.</param>
/// <param name="bytes">A buffer holding the chunk, from the shared pool (given back by <see cref="ReturnBytes"/>); null when the worker reads the chunk.</param>
/// <param name="start">Where the chunk starts in <paramref name="bytes"/> (past a byte order mark).</param>
/// <param name="end">Where it ends in <paramref name="bytes"/>.</param>
internal sealed class FileGrepWork(FileGrepFile file, int index, bool last, byte[]? bytes = null, int start = 0, int end = 0)
{
    private byte[]? _bytes = bytes;

    /// <summary>The file.</summary>
    public FileGrepFile File { get; } = file;

    /// <summary>The chunk's position in the file, from 0.</summary>
    public int Index { get; } = index;

    /// <summary>Whether this is the file's last chunk.</summary>
    public bool Last { get; } = last;

    /// <summary>The bytes of a chunk read ahead (standard input), or empty.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes is null ? [] : _bytes.AsSpan(start, end - start);

    /// <summary>Completed by the worker that searched the chunk; awaited, in order, by the reporting side.</summary>
    public TaskCompletionSource<FileGrepChunk> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gives the chunk's bytes back to the pool once they are searched.</summary>
    public void ReturnBytes()
    {
        if (_bytes is { } bytes)
        {
            _bytes = null;
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
