namespace Rlm.Roslyn.Host.Eval;

/// <summary>One source file of a <see cref="CodeBase"/>.</summary>
/// <param name="Path">The path relative to the code base's root, with '/' separators.</param>
/// <param name="Text">The file's text.</param>
internal sealed record CodeFile(string Path, string Text);
