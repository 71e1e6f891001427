using System.Diagnostics;

namespace Rlm.Roslyn;

/// <summary>One source document inside the context: a named, zero-copy slice of the context buffer.</summary>
/// <param name="Index">Position of the document in <see cref="RlmContext.Documents"/>, from 0.</param>
/// <param name="Name">The document's name: its path relative to the folder it was loaded from, or a given name.</param>
/// <param name="Offset">Char offset of the document's first char in the whole context.</param>
/// <param name="Length">Length of the document in chars.</param>
/// <param name="Text">The document's text, a slice of the context (no copy).</param>
[DebuggerDisplay("{ToString(),nq}")]
public sealed record Document(int Index, string Name, int Offset, int Length, ReadOnlyMemory<char> Text)
{
    /// <summary>Char offset one past the document's last char in the whole context.</summary>
    public int End => Offset + Length;

    /// <summary>A short description: name, offset and length (the text itself is not printed).</summary>
    public override string ToString() => $"{Name} (offset {Offset:N0}, {Length:N0} chars)";
}
