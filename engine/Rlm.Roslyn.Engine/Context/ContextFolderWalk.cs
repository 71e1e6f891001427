using Microsoft.Extensions.FileSystemGlobbing;

namespace Rlm.Roslyn;

/// <summary>
/// Lists the files of one folder argument for context loading: recursively, through the include and exclude
/// globs, skipping <see cref="ContextLoadOptions.SkipDirectories"/>, in ordinal order of relative path.
/// </summary>
internal sealed class ContextFolderWalk
{
    private readonly string _folder;
    private readonly string _root;
    private readonly HashSet<string> _skipNames;
    private readonly List<SkippedFile> _skipped;

    private ContextFolderWalk(string folder, ContextLoadOptions options, List<SkippedFile> skipped, CancellationToken cancellationToken)
    {
        _folder = folder;
        _root = Path.GetFullPath(folder);
        _skipNames = new HashSet<string>(options.SkipDirectories, StringComparer.OrdinalIgnoreCase);
        _skipped = skipped;
        CancellationToken = cancellationToken;
    }

    /// <summary>Observed before each folder is listed.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>
    /// The files under <paramref name="folder"/> that pass the options, measured, named
    /// <c>Path.Join(folder, relativePath)</c> with <c>'/'</c> separators.
    /// </summary>
    /// <param name="folder">The folder, as the user gave it.</param>
    /// <param name="options">Globs and folders to skip.</param>
    /// <param name="skipped">Receives the folders and files that could not be read.</param>
    /// <param name="cancellationToken">Observed before each folder is listed.</param>
    public static List<ContextSource> Run(string folder, ContextLoadOptions options, List<SkippedFile> skipped, CancellationToken cancellationToken)
    {
        var walk = new ContextFolderWalk(folder, options, skipped, cancellationToken);
        var matcher = new Matcher(StringComparison.OrdinalIgnoreCase);
        if (options.Include.Count == 0)
        {
            matcher.AddInclude("**/*");
        }

        foreach (var pattern in options.Include)
        {
            matcher.AddInclude(pattern);
        }

        foreach (var pattern in options.Exclude)
        {
            matcher.AddExclude(pattern);
        }

        var matches = matcher.Execute(new ContextDirectoryInfo(new DirectoryInfo(walk._root), walk)).Files
            .Select(match => match.Path)
            .Order(StringComparer.Ordinal)
            .ToList();

        var sources = new List<ContextSource>(matches.Count);
        foreach (var relativePath in matches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = walk.NameOf(relativePath);
            var fullPath = Path.GetFullPath(Path.Join(walk._root, relativePath));
            try
            {
                sources.Add(new ContextSource(name, fullPath, new FileInfo(fullPath).Length));
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                skipped.Add(new SkippedFile(name, ContextLoader.UnreadableReason(e)));
            }
        }

        return sources;
    }

    /// <summary>Whether the walk must not enter <paramref name="directory"/>: a skipped name, or a link (which could loop).</summary>
    /// <param name="directory">A folder found while walking.</param>
    public bool IsSkipped(DirectoryInfo directory) =>
        _skipNames.Contains(directory.Name) || directory.Attributes.HasFlag(FileAttributes.ReparsePoint);

    /// <summary>Reports a folder that could not be listed.</summary>
    /// <param name="directory">The folder.</param>
    /// <param name="error">Why it could not be listed.</param>
    public void ReportUnreadableFolder(DirectoryInfo directory, Exception error) =>
        _skipped.Add(new SkippedFile(NameOf(Path.GetRelativePath(_root, directory.FullName)).TrimEnd('/') + "/", ContextLoader.UnreadableReason(error)));

    private string NameOf(string relativePath) =>
        relativePath == "." ? _folder : Path.Join(_folder, relativePath).Replace(Path.DirectorySeparatorChar, '/');
}
