namespace Rlm.Roslyn;

/// <summary>One unit of a <see cref="FileGrep"/>: chunk <see cref="Index"/> of a file, and the result it completes with.</summary>
/// <param name="file">The file.</param>
/// <param name="index">The chunk's position in the file, from 0.</param>
internal sealed class FileGrepWork(FileGrepFile file, int index)
{
    /// <summary>The file.</summary>
    public FileGrepFile File { get; } = file;

    /// <summary>The chunk's position in the file, from 0.</summary>
    public int Index { get; } = index;

    /// <summary>Whether this is the file's last chunk.</summary>
    public bool Last => Index == File.Chunks - 1;

    /// <summary>Completed by the worker that searched the chunk; awaited, in order, by the reporting side.</summary>
    public TaskCompletionSource<FileGrepChunk> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
