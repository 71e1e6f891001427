namespace Rlm.Roslyn.Host.Tests.Eval;

/// <summary>
/// Real text the tests run on without installing anything: this repository's own documentation (prose) and the
/// engine's source (a code base), found from the test's output folder up to the folder holding global.json.
/// </summary>
internal static class EvalTestData
{
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "global.json")) && Directory.Exists(Path.Combine(dir.FullName, "engine")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No repository root (a folder with global.json and engine/) above {AppContext.BaseDirectory}.");
    }

    /// <summary>The repository's README and ARCHITECTURE pages, as prose.</summary>
    public static string Prose() =>
        File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")) + "\n" + File.ReadAllText(Path.Combine(RepositoryRoot(), "ARCHITECTURE.md"));

    /// <summary>The engine's source folder.</summary>
    public static string EngineSourceFolder() => Path.Combine(RepositoryRoot(), "engine", "Rlm.Roslyn.Engine");
}
