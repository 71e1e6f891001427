namespace Rlm.Roslyn.Host.Eval;

/// <summary>A real code base for Code QA: the source files under a folder, in path order.</summary>
internal sealed class CodeBase
{
    /// <summary>The file extensions read as source.</summary>
    public static readonly IReadOnlySet<string> Extensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".cs", ".ts", ".js", ".mjs", ".cjs", ".py", ".go", ".java", ".c", ".h", ".cpp", ".hpp", ".rs", ".kt", ".swift",
    };

    private static readonly HashSet<string> SkippedFolders = new HashSet<string>(StringComparer.Ordinal) { ".git", "bin", "obj", "node_modules" };

    private CodeBase(string root, IReadOnlyList<CodeFile> files)
    {
        Root = root;
        Files = files;
    }

    /// <summary>The folder the files were read from.</summary>
    public string Root { get; }

    /// <summary>The source files, in ordinal path order.</summary>
    public IReadOnlyList<CodeFile> Files { get; }

    /// <summary>Reads every source file under <paramref name="folder"/> (skipping .git, bin, obj, node_modules).</summary>
    /// <exception cref="UsageException">The folder is missing or holds fewer than 4 source files.</exception>
    public static CodeBase Load(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new UsageException($"--code: the folder '{folder}' does not exist.");
        }

        var root = Path.GetFullPath(folder);
        var files = new List<CodeFile>();
        var pending = new Stack<string>([root]);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var sub in Directory.EnumerateDirectories(dir))
            {
                if (!SkippedFolders.Contains(Path.GetFileName(sub)))
                {
                    pending.Push(sub);
                }
            }

            foreach (var file in Directory.EnumerateFiles(dir))
            {
                if (Extensions.Contains(Path.GetExtension(file)))
                {
                    files.Add(new CodeFile(Path.GetRelativePath(root, file).Replace('\\', '/'), File.ReadAllText(file)));
                }
            }
        }

        if (files.Count < 4)
        {
            throw new UsageException($"--code: '{folder}' has {files.Count} source files ({string.Join(' ', Extensions.Order(StringComparer.Ordinal))}); Code QA needs at least 4.");
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return new CodeBase(root, files);
    }
}
