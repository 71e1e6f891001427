namespace Rlm.Roslyn.Tests.Context;

/// <summary>A fresh folder under the system temp folder, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Root = Directory.CreateTempSubdirectory("rlm-context-").FullName;

    public string Root { get; }

    /// <summary>The full path of <paramref name="relativePath"/> ('/' separated) inside the folder.</summary>
    public string PathOf(string relativePath) => Path.GetFullPath(Path.Join(Root, relativePath));

    /// <summary>The document name a folder load gives <paramref name="relativePath"/> when the folder is given as <see cref="Root"/>.</summary>
    public string NameOf(string relativePath) => Path.Join(Root, relativePath).Replace(Path.DirectorySeparatorChar, '/');

    public string Write(string relativePath, string text) => WriteBytes(relativePath, System.Text.Encoding.UTF8.GetBytes(text));

    public string WriteBytes(string relativePath, byte[] bytes)
    {
        var path = PathOf(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
    }
}
