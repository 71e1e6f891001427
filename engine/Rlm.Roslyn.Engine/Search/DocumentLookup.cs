namespace Rlm.Roslyn;

/// <summary>Finds which document an offset of the context falls in or after.</summary>
internal static class DocumentLookup
{
    /// <summary>
    /// The index of the last document whose <see cref="Document.Offset"/> is at or before <paramref name="offset"/>,
    /// or -1 when there is none. Among documents starting at the same offset, the last one wins.
    /// </summary>
    /// <param name="documents">Documents in order of offset.</param>
    /// <param name="offset">A char offset in the context.</param>
    public static int LastStartingAtOrBefore(IReadOnlyList<Document> documents, int offset)
    {
        int lo = 0, hi = documents.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            if (documents[mid].Offset <= offset)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found;
    }
}
