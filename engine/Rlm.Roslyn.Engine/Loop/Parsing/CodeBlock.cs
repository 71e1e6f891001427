namespace Rlm.Roslyn;

/// <summary>One runnable fenced code block of an LM reply.</summary>
/// <param name="Index">Position of the block among the runnable blocks of the reply, from 0 (ignored fences are not counted).</param>
/// <param name="Language">The language the block runs as.</param>
/// <param name="Code">The lines between the fences, joined with <c>'\n'</c>.</param>
internal sealed record CodeBlock(int Index, CodeLanguage Language, string Code);
