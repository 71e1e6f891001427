namespace Rlm.Roslyn;

/// <summary>One document-to-be found while planning a load: a file measured on disk, or standard input.</summary>
/// <param name="Name">The document's name.</param>
/// <param name="FullPath">The file's full path, or <see langword="null"/> for standard input (or any source read from the stream a load is given).</param>
/// <param name="ByteLength">The file's length when measured (it may change before it is read); 0 for standard input.</param>
internal sealed record ContextSource(string Name, string? FullPath, long ByteLength)
{
    /// <summary>The document name standard input gets.</summary>
    public const string StandardInputName = "stdin";

    /// <summary>Whether this is standard input rather than a file.</summary>
    public bool IsStandardInput => FullPath is null;
}
