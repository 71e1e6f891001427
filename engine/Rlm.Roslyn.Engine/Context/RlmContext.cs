using System.Runtime.InteropServices;

namespace Rlm.Roslyn;

/// <summary>
/// The context an RLM answers over: one contiguous char buffer plus an index of the documents it was built from.
/// Documents are laid end to end, separated by a single <c>'\n'</c> when the previous one did not end with one.
/// </summary>
public sealed class RlmContext
{
    /// <summary>The largest context accepted, in chars.</summary>
    public const int MaxChars = 1_000_000_000;

    private readonly int[] _documentOffsets;

    /// <summary>Creates a context over <paramref name="text"/> with the given document index.</summary>
    /// <param name="text">The whole context.</param>
    /// <param name="documents">Documents in order of offset; each must lie inside <paramref name="text"/>.</param>
    /// <param name="report">What loading found (skipped files, replaced bytes); empty when not given.</param>
    public RlmContext(ReadOnlyMemory<char> text, IReadOnlyList<Document> documents, ContextLoadReport? report = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        if (text.Length > MaxChars)
        {
            throw new ArgumentException($"The context has {text.Length:N0} chars; the limit is {MaxChars:N0}.", nameof(text));
        }

        _documentOffsets = new int[documents.Count];
        for (var i = 0; i < documents.Count; i++)
        {
            var d = documents[i];
            if (d.Offset < 0 || d.End > text.Length || (i > 0 && d.Offset < documents[i - 1].End))
            {
                throw new ArgumentException($"Document '{d.Name}' does not lie in order inside the context.", nameof(documents));
            }

            _documentOffsets[i] = d.Offset;
        }

        Text = text;

        // A read-only view over a private copy: scripts get this very object through RlmGlobals.Documents, and a
        // cast back to the caller's array (or list) must not let them rewrite the session's document index.
        Documents = new System.Collections.ObjectModel.ReadOnlyCollection<Document>([.. documents]);
        Report = report ?? ContextLoadReport.Empty;
    }

    /// <summary>The whole context.</summary>
    public ReadOnlyMemory<char> Text { get; }

    /// <summary>The documents the context was built from, in order (read-only: a copy of the list given to the constructor).</summary>
    public IReadOnlyList<Document> Documents { get; }

    /// <summary>What loading found: skipped files and replaced invalid UTF-8.</summary>
    public ContextLoadReport Report { get; }

    /// <summary>The context's length in chars.</summary>
    public int Length => Text.Length;

    /// <summary>
    /// Where the text lies in sealed shared memory, for a launcher to hand the file to a worker without copying; <see langword="null"/>
    /// when the text is an array or a string (small or non-Linux loads, <see cref="FromString"/>).
    /// </summary>
    internal SharedTextSlice? Shared => MemoryMarshal.TryGetMemoryManager<char, SharedTextMemory>(Text, out var memory, out var start, out var length)
        ? new SharedTextSlice(memory, start, length)
        : null;

    /// <summary>Wraps a string as a one-document context.</summary>
    /// <param name="text">The context text.</param>
    /// <param name="name">The document's name.</param>
    public static RlmContext FromString(string text, string name = "context")
    {
        ArgumentNullException.ThrowIfNull(text);
        var memory = text.AsMemory();
        return new RlmContext(memory, [new Document(0, name, 0, memory.Length, memory)]);
    }

    /// <summary>The document that holds <paramref name="offset"/>, or <see langword="null"/> when none does (a separator, or no documents).</summary>
    /// <param name="offset">A char offset in the context.</param>
    public Document? DocumentAt(int offset)
    {
        var i = Array.BinarySearch(_documentOffsets, offset);
        if (i < 0)
        {
            i = ~i - 1;
        }

        if (i < 0)
        {
            return null;
        }

        var d = Documents[i];
        return offset < d.End || (d.Length == 0 && offset == d.Offset) ? d : null;
    }

    /// <summary>The document named <paramref name="name"/> (ordinal; then case-insensitive; then by trailing path segment), or <see langword="null"/>.</summary>
    /// <param name="name">A document name, or the end of one.</param>
    public Document? FindDocument(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var comparison in (ReadOnlySpan<StringComparison>)[StringComparison.Ordinal, StringComparison.OrdinalIgnoreCase])
        {
            foreach (var d in Documents)
            {
                if (string.Equals(d.Name, name, comparison))
                {
                    return d;
                }
            }
        }

        var normalized = name.Replace('\\', '/');
        foreach (var d in Documents)
        {
            if (d.Name.EndsWith("/" + normalized, StringComparison.OrdinalIgnoreCase))
            {
                return d;
            }
        }

        return null;
    }
}
