namespace Rlm.Roslyn;

/// <summary>What loading a context found besides the text itself.</summary>
/// <param name="SkippedFiles">Files that were not loaded, with the reason (binary, excluded by size...).</param>
/// <param name="ReplacedInvalidBytes">How many invalid UTF-8 sequences were replaced by U+FFFD, over all documents.</param>
public sealed record ContextLoadReport(IReadOnlyList<SkippedFile> SkippedFiles, long ReplacedInvalidBytes)
{
    /// <summary>A report with nothing to say.</summary>
    public static ContextLoadReport Empty { get; } = new([], 0);
}
