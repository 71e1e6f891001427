namespace Rlm.Roslyn;

/// <summary>
/// Turns match offsets, given in increasing order, into <see cref="GrepHit"/>s: finds the document, counts the
/// <c>'\n'</c>s between consecutive hits (never walking line by line) and cuts out the line text.
/// </summary>
internal sealed class HitLocator
{
    private readonly RlmContext _context;
    private int _documentIndex = int.MinValue;
    private int _scanned;
    private int _line;
    private int _lineStart;
    private int _cachedLineStart = -1;
    private string _cachedLineText = string.Empty;

    public HitLocator(RlmContext context) => _context = context;

    /// <summary>Describes the match at <paramref name="offset"/> of <paramref name="length"/> chars; offsets must not decrease between calls.</summary>
    /// <param name="offset">The match's offset in the context.</param>
    /// <param name="length">The match's length.</param>
    public GrepHit Locate(int offset, int length)
    {
        var text = _context.Text.Span;
        var documents = _context.Documents;

        // Lines count from the start of the last document starting at or before the hit, so the '\n' between two
        // documents belongs to the last line of the one before it.
        var documentIndex = DocumentLookup.LastStartingAtOrBefore(documents, offset);
        if (documentIndex != _documentIndex)
        {
            _documentIndex = documentIndex;
            _scanned = documentIndex < 0 ? 0 : documents[documentIndex].Offset;
            _line = 1;
            _lineStart = _scanned;
        }

        var between = text[_scanned..offset];
        var newlines = between.Count('\n');
        if (newlines > 0)
        {
            _line += newlines;
            _lineStart = _scanned + between.LastIndexOf('\n') + 1;
        }

        _scanned = offset;

        if (_lineStart != _cachedLineStart)
        {
            // Hits on the same line share one string, so many hits on one huge line do not copy it many times.
            var rest = text[_lineStart..];
            var lineEnd = rest.IndexOf('\n');
            var line = lineEnd < 0 ? rest : rest[..lineEnd];
            if (line.Length > 0 && line[^1] == '\r')
            {
                line = line[..^1];
            }

            _cachedLineStart = _lineStart;
            _cachedLineText = line.ToString();
        }

        return new GrepHit(
            offset,
            _line,
            offset - _lineStart + 1,
            documentIndex < 0 ? null : documents[documentIndex].Name,
            text.Slice(offset, length).ToString(),
            _cachedLineText);
    }
}
