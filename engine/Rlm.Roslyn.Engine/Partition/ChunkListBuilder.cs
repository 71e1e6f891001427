namespace Rlm.Roslyn;

/// <summary>Collects the chunks of one partition, numbering them and naming the document each belongs to.</summary>
internal sealed class ChunkListBuilder(RlmContext context)
{
    private readonly List<Chunk> _chunks = [];

    /// <summary>Adds the chunk <c>[start, end)</c>, named after the document holding its first char (see <see cref="Chunk.Document"/>).</summary>
    /// <param name="start">Offset of the chunk's first char.</param>
    /// <param name="end">Offset one past the chunk's last char; greater than <paramref name="start"/>.</param>
    public void Add(int start, int end) => Add(start, end, DocumentName(start, end));

    /// <summary>Adds the chunk <c>[start, end)</c> with the given document name.</summary>
    /// <param name="start">Offset of the chunk's first char.</param>
    /// <param name="end">Offset one past the chunk's last char; greater than <paramref name="start"/>.</param>
    /// <param name="document">The document name to report.</param>
    public void Add(int start, int end, string? document)
    {
        System.Diagnostics.Debug.Assert(start < end, "Chunks are never empty.");
        _chunks.Add(new Chunk(_chunks.Count, start, end - start, document, context.Text[start..end]));
    }

    /// <summary>The chunks added so far, in order.</summary>
    public Chunk[] ToArray() => [.. _chunks];

    private string? DocumentName(int start, int end)
    {
        var documents = context.Documents;
        var i = DocumentLookup.LastStartingAtOrBefore(documents, start);
        if (i >= 0 && start < documents[i].End)
        {
            return documents[i].Name;
        }

        // The first char is a separator between documents (or lies before the first one): prefer the next document
        // when it starts inside the chunk, else the one before.
        if (i + 1 < documents.Count && documents[i + 1].Offset < end)
        {
            return documents[i + 1].Name;
        }

        return i >= 0 ? documents[i].Name : null;
    }
}
