using System.Diagnostics;
using System.Globalization;

namespace Rlm.Roslyn;

/// <summary>
/// One piece of the context made by <c>Partition</c>: a zero-copy slice with its position.
/// Pass <see cref="Text"/> to sub-calls as is; use <see cref="Content"/> when you need a string.
/// </summary>
/// <param name="Index">Position of the chunk in the partition, from 0.</param>
/// <param name="Offset">Char offset of the chunk's first char in the whole context.</param>
/// <param name="Length">Length of the chunk in chars (never 0).</param>
/// <param name="Document">
/// Name of the document holding the chunk's first char. When that char is the line break between two documents, the
/// next document if it starts inside the chunk, else the one before. <see langword="null"/> when the context has no documents.
/// </param>
/// <param name="Text">The chunk's text, a slice of the context (no copy).</param>
[DebuggerDisplay("{ToString(),nq}")]
public readonly record struct Chunk(int Index, int Offset, int Length, string? Document, ReadOnlyMemory<char> Text)
{
    /// <summary>Char offset one past the chunk's last char in the whole context.</summary>
    public int End => Offset + Length;

    /// <summary>The chunk text as a string (a copy; prefer <see cref="Text"/> for large chunks).</summary>
    public string Content => Text.ToString();

    /// <summary>A short description such as <c>chunk 3: offset 12,000, 4,000 chars, doc.txt</c> (the text itself is not printed).</summary>
    public override string ToString() =>
        Document is null
            ? string.Create(CultureInfo.InvariantCulture, $"chunk {Index}: offset {Offset:N0}, {Length:N0} chars")
            : string.Create(CultureInfo.InvariantCulture, $"chunk {Index}: offset {Offset:N0}, {Length:N0} chars, {Document}");
}
