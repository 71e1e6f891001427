namespace Rlm.Roslyn;

/// <summary>What loading a context found besides the text itself.</summary>
/// <param name="SkippedFiles">
/// Files that were not loaded, with the reason ("binary", "access denied", "not found", "unreadable: ..."),
/// and folders that could not be listed (their path ends with <c>'/'</c>). Files left out by the include and
/// exclude globs or inside skipped folders are not listed.
/// </param>
/// <param name="ReplacedInvalidBytes">
/// How many invalid byte sequences were each replaced by one U+FFFD, over all loaded documents. Despite the
/// name this counts sequences, not bytes: for UTF-8, each maximal ill-formed subsequence (one to three bytes,
/// per the Unicode recommendation .NET follows, so <c>FF FE</c> counts 2 and a truncated <c>E2 82</c> counts 1);
/// for UTF-16 files, each unpaired surrogate or odd trailing byte. Files that were skipped do not count.
/// </param>
public sealed record ContextLoadReport(IReadOnlyList<SkippedFile> SkippedFiles, long ReplacedInvalidBytes)
{
    /// <summary>A report with nothing to say.</summary>
    public static ContextLoadReport Empty { get; } = new([], 0);
}
