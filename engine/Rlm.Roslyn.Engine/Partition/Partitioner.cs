using System.Globalization;
using System.Text.RegularExpressions;

namespace Rlm.Roslyn;

/// <summary>
/// The partition core: splits the context into zero-copy <see cref="Chunk"/>s.
/// Without overlap, chunks are never empty, contiguous, and cover the context exactly (the first starts at 0, the last
/// ends at its length). An empty context gives no chunks.
/// </summary>
internal static class Partitioner
{
    /// <summary>The rough number of chars per token used by <see cref="ByTokens"/>.</summary>
    public const int CharsPerToken = 4;

    /// <summary>
    /// Consecutive chunks of at most <paramref name="chunkChars"/> chars, each ending just after the last <c>'\n'</c> of its
    /// window (so chunks hold whole lines), or cut hard at <paramref name="chunkChars"/> when the window has no line break
    /// (never between the two halves of a surrogate pair, unless the chunk would be a single char).
    /// Each chunk after the first starts <paramref name="overlapChars"/> before the end of the one before it; with an
    /// overlap, only a <c>'\n'</c> lying past the overlap ends a chunk, so every chunk moves forward.
    /// </summary>
    /// <param name="context">The context to split.</param>
    /// <param name="chunkChars">The most chars per chunk, at least 1.</param>
    /// <param name="overlapChars">Chars repeated from the end of the previous chunk, from 0 to <paramref name="chunkChars"/> - 1.</param>
    public static Chunk[] BySize(RlmContext context, int chunkChars, int overlapChars = 0)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (chunkChars < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(chunkChars), chunkChars, "chunkChars must be at least 1.");
        }

        if (overlapChars < 0 || overlapChars >= chunkChars)
        {
            throw new ArgumentOutOfRangeException(
                nameof(overlapChars),
                overlapChars,
                string.Create(CultureInfo.InvariantCulture, $"overlapChars must be at least 0 and less than chunkChars ({chunkChars:N0})."));
        }

        var text = context.Text.Span;
        var chunks = new ChunkListBuilder(context);
        var start = 0;
        while (start < text.Length)
        {
            var windowEnd = (int)Math.Min((long)start + chunkChars, text.Length);
            var end = windowEnd;
            if (windowEnd < text.Length)
            {
                // Snap to the last line end past the overlap, so the next chunk (starting overlapChars earlier) moves forward.
                var snapFrom = start + overlapChars;
                var lastNewline = text[snapFrom..windowEnd].LastIndexOf('\n');
                if (lastNewline >= 0)
                {
                    end = snapFrom + lastNewline + 1;
                }
                else if (char.IsHighSurrogate(text[end - 1]) && end - 1 > snapFrom)
                {
                    end--;
                }
            }

            chunks.Add(start, end);
            if (end == text.Length)
            {
                break;
            }

            start = end - overlapChars;
        }

        return chunks.ToArray();
    }

    /// <summary>
    /// Chunks of <paramref name="linesPerChunk"/> lines each (the last may hold fewer). A line ends just after its
    /// <c>'\n'</c>, or at the end of the context. Each chunk after the first starts <paramref name="overlapLines"/> lines
    /// before the end of the one before it.
    /// </summary>
    /// <param name="context">The context to split.</param>
    /// <param name="linesPerChunk">Lines per chunk, at least 1.</param>
    /// <param name="overlapLines">Lines repeated from the end of the previous chunk, from 0 to <paramref name="linesPerChunk"/> - 1.</param>
    public static Chunk[] ByLines(RlmContext context, int linesPerChunk, int overlapLines = 0)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (linesPerChunk < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(linesPerChunk), linesPerChunk, "linesPerChunk must be at least 1.");
        }

        if (overlapLines < 0 || overlapLines >= linesPerChunk)
        {
            throw new ArgumentOutOfRangeException(
                nameof(overlapLines),
                overlapLines,
                string.Create(CultureInfo.InvariantCulture, $"overlapLines must be at least 0 and less than linesPerChunk ({linesPerChunk:N0})."));
        }

        var text = context.Text.Span;
        var chunks = new ChunkListBuilder(context);
        if (text.IsEmpty)
        {
            return chunks.ToArray();
        }

        // Chunk k spans lines [k * step, k * step + linesPerChunk). Walking line ends once, keep the start offsets of the
        // chunks begun but not yet ended (at most linesPerChunk / step + 1 of them).
        var step = linesPerChunk - overlapLines;
        var pending = new Queue<(long Line, int Offset)>();
        long line = 0;
        var position = 0;
        while (true)
        {
            if (line % step == 0)
            {
                pending.Enqueue((line, position));
            }

            var newline = text[position..].IndexOf('\n');
            position = newline < 0 ? text.Length : position + newline + 1;
            line++;
            if (pending.Peek().Line + linesPerChunk == line || position == text.Length)
            {
                chunks.Add(pending.Dequeue().Offset, position);
                if (position == text.Length)
                {
                    return chunks.ToArray();
                }
            }
        }
    }

    /// <summary>
    /// One chunk per document; with <paramref name="maxChars"/> &gt; 0, consecutive documents are packed into one chunk
    /// while its length stays at most <paramref name="maxChars"/> (a longer document is a chunk of its own, never split).
    /// A chunk runs from its first document to the start of the next chunk, so the line breaks between documents are
    /// included and the chunks cover the context exactly. Without documents, the whole context is one chunk.
    /// </summary>
    /// <param name="context">The context to split.</param>
    /// <param name="maxChars">The most chars to pack into one chunk, or 0 (the default) for one document per chunk.</param>
    public static Chunk[] ByDocuments(RlmContext context, int maxChars = 0)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (maxChars < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxChars), maxChars, "maxChars must be 0 (one document per chunk) or positive.");
        }

        var length = context.Length;
        var documents = context.Documents;
        var chunks = new ChunkListBuilder(context);
        if (length == 0)
        {
            return chunks.ToArray();
        }

        if (documents.Count == 0)
        {
            chunks.Add(0, length, null);
            return chunks.ToArray();
        }

        var groupStart = 0;
        var groupFirst = 0;
        for (var i = 0; i < documents.Count; i++)
        {
            // Document i's region runs to the start of the next document.
            var regionEnd = i + 1 < documents.Count ? documents[i + 1].Offset : length;
            var close = i + 1 == documents.Count
                || maxChars == 0
                || (i + 2 < documents.Count ? documents[i + 2].Offset : length) - groupStart > maxChars;
            if (!close)
            {
                continue;
            }

            if (regionEnd > groupStart)
            {
                chunks.Add(groupStart, regionEnd, documents[groupFirst].Name);
                groupStart = regionEnd;
                groupFirst = i + 1;
            }
            else
            {
                // An empty region (empty documents with no separator after them) joins the next chunk.
                groupFirst = i + 1;
            }
        }

        return chunks.ToArray();
    }

    /// <summary>
    /// Chunks that end just after each occurrence of <paramref name="separator"/> (the separator stays with the chunk
    /// it ends); the text after the last occurrence is the final chunk. Empty chunks are left out, so a separator that
    /// matches the empty string (such as <c>^</c> or a lookahead) splits just before the text it points at.
    /// </summary>
    /// <param name="context">The context to split.</param>
    /// <param name="separator">Literal text or, with <paramref name="regex"/>, a .NET regex (multiline, case-sensitive); not empty.</param>
    /// <param name="regex">Whether <paramref name="separator"/> is a regex.</param>
    /// <exception cref="ArgumentException">The separator is empty or not a valid regex.</exception>
    /// <exception cref="TimeoutException">A regex search for the next separator ran past the 2 s match timeout.</exception>
    public static Chunk[] BySeparator(RlmContext context, string separator, bool regex = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrEmpty(separator);

        var text = context.Text.Span;
        var chunks = new ChunkListBuilder(context);
        var start = 0;
        if (regex)
        {
            var timeout = UntrustedRegex.DefaultTimeout;
            var compiled = UntrustedRegex.Create(separator, ignoreCase: false, timeout, nameof(separator));
            try
            {
                foreach (var match in compiled.EnumerateMatches(text))
                {
                    var end = match.Index + match.Length;
                    if (end > start)
                    {
                        chunks.Add(start, end);
                        start = end;
                    }
                }
            }
            catch (RegexMatchTimeoutException ex)
            {
                throw UntrustedRegex.TimedOut(separator, timeout, ex);
            }
        }
        else
        {
            while (start < text.Length)
            {
                var found = text[start..].IndexOf(separator, StringComparison.Ordinal);
                if (found < 0)
                {
                    break;
                }

                var end = start + found + separator.Length;
                chunks.Add(start, end);
                start = end;
            }
        }

        if (start < text.Length)
        {
            chunks.Add(start, text.Length);
        }

        return chunks.ToArray();
    }

    /// <summary>
    /// Like <see cref="BySize"/>, measured in approximate tokens: <see cref="CharsPerToken"/> (4) chars per token.
    /// </summary>
    /// <param name="context">The context to split.</param>
    /// <param name="tokensPerChunk">The most tokens per chunk, at least 1.</param>
    /// <param name="overlapTokens">Tokens repeated from the end of the previous chunk, from 0 to <paramref name="tokensPerChunk"/> - 1.</param>
    public static Chunk[] ByTokens(RlmContext context, int tokensPerChunk, int overlapTokens = 0)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (tokensPerChunk < 1 || tokensPerChunk > int.MaxValue / CharsPerToken)
        {
            throw new ArgumentOutOfRangeException(
                nameof(tokensPerChunk),
                tokensPerChunk,
                string.Create(CultureInfo.InvariantCulture, $"tokensPerChunk must be from 1 to {int.MaxValue / CharsPerToken:N0}."));
        }

        if (overlapTokens < 0 || overlapTokens >= tokensPerChunk)
        {
            throw new ArgumentOutOfRangeException(
                nameof(overlapTokens),
                overlapTokens,
                string.Create(CultureInfo.InvariantCulture, $"overlapTokens must be at least 0 and less than tokensPerChunk ({tokensPerChunk:N0})."));
        }

        return BySize(context, tokensPerChunk * CharsPerToken, overlapTokens * CharsPerToken);
    }
}
