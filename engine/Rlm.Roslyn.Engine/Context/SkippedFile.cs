namespace Rlm.Roslyn;

/// <summary>A file that context loading skipped.</summary>
/// <param name="Path">The file's path as it was found.</param>
/// <param name="Reason">Why it was skipped, in a few words (for example "binary").</param>
public sealed record SkippedFile(string Path, string Reason);
