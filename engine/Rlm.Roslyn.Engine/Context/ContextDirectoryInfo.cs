using Microsoft.Extensions.FileSystemGlobbing.Abstractions;

namespace Rlm.Roslyn;

/// <summary>
/// A folder as the glob matcher walks it during context loading: folders named in
/// <see cref="ContextLoadOptions.SkipDirectories"/> and symbolic links to folders are never entered, hidden
/// files are included, and a folder that cannot be listed is reported instead of failing the load.
/// </summary>
internal sealed class ContextDirectoryInfo : DirectoryInfoBase
{
    private static readonly EnumerationOptions ListOneLevel = new()
    {
        RecurseSubdirectories = false,
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        ReturnSpecialDirectories = false,
    };

    private readonly DirectoryInfo _directory;
    private readonly ContextFolderWalk _walk;
    private readonly bool _isParentPath;

    /// <summary>Wraps <paramref name="directory"/> for <paramref name="walk"/>.</summary>
    /// <param name="directory">The folder.</param>
    /// <param name="walk">The walk it belongs to: skip rules, reporting and cancellation.</param>
    /// <param name="isParentPath">Whether this folder was reached through a <c>..</c> pattern segment.</param>
    public ContextDirectoryInfo(DirectoryInfo directory, ContextFolderWalk walk, bool isParentPath = false)
    {
        _directory = directory;
        _walk = walk;
        _isParentPath = isParentPath;
    }

    /// <inheritdoc />
    public override string Name => _isParentPath ? ".." : _directory.Name;

    /// <inheritdoc />
    public override string FullName => _directory.FullName;

    /// <inheritdoc />
    public override DirectoryInfoBase? ParentDirectory =>
        _directory.Parent is { } parent ? new ContextDirectoryInfo(parent, _walk) : null;

    /// <inheritdoc />
    public override IEnumerable<FileSystemInfoBase> EnumerateFileSystemInfos()
    {
        _walk.CancellationToken.ThrowIfCancellationRequested();
        FileSystemInfo[] entries;
        try
        {
            entries = _directory.GetFileSystemInfos("*", ListOneLevel);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            _walk.ReportUnreadableFolder(_directory, e);
            return [];
        }

        var result = new List<FileSystemInfoBase>(entries.Length);
        foreach (var entry in entries)
        {
            if (entry is DirectoryInfo directory)
            {
                if (!_walk.IsSkipped(directory))
                {
                    result.Add(new ContextDirectoryInfo(directory, _walk));
                }
            }
            else
            {
                result.Add(new FileInfoWrapper((FileInfo)entry));
            }
        }

        return result;
    }

    /// <inheritdoc />
    public override DirectoryInfoBase? GetDirectory(string path)
    {
        if (path == "..")
        {
            return new ContextDirectoryInfo(new DirectoryInfo(Path.Combine(_directory.FullName, path)), _walk, isParentPath: true);
        }

        var directory = new DirectoryInfo(Path.Combine(_directory.FullName, path));
        return directory.Exists && !_walk.IsSkipped(directory) ? new ContextDirectoryInfo(directory, _walk) : null;
    }

    /// <inheritdoc />
    public override FileInfoBase GetFile(string path) => new FileInfoWrapper(new FileInfo(Path.Combine(_directory.FullName, path)));
}
