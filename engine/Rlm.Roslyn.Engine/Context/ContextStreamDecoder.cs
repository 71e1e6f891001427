using System.Text;

namespace Rlm.Roslyn;

/// <summary>
/// Decodes one stream of bytes straight into a <see cref="ContextBuffer"/>, block by block: byte order mark
/// handling, the binary test, and UTF-8 (or UTF-16) decoding with counted replacement of invalid sequences.
/// </summary>
internal static class ContextStreamDecoder
{
    /// <summary>How many leading bytes (after a byte order mark) are searched for a NUL to call a file binary.</summary>
    public const int BinaryProbeBytes = 8 * 1024;

    /// <summary>The size of the byte block read at a time.</summary>
    public const int BlockBytes = 1024 * 1024;

    /// <summary>
    /// Decodes <paramref name="stream"/> to its end and appends the text to <paramref name="target"/>.
    /// Returns <see langword="false"/>, having written nothing, when the stream is binary and
    /// <paramref name="skipBinary"/> is set.
    /// </summary>
    /// <param name="stream">The bytes to decode.</param>
    /// <param name="target">The buffer the text is appended to.</param>
    /// <param name="block">A scratch buffer of at least <see cref="BlockBytes"/> bytes.</param>
    /// <param name="fallback">Replaces and counts invalid sequences.</param>
    /// <param name="skipBinary">Whether a NUL byte in the first <see cref="BinaryProbeBytes"/> bytes stops the load.</param>
    /// <param name="name">The document's name, for the error raised when the context grows too long.</param>
    /// <param name="cancellationToken">Observed between blocks.</param>
    /// <exception cref="ContextLoadException">The text would take <paramref name="target"/> over its limit.</exception>
    public static async Task<bool> DecodeAsync(
        Stream stream,
        ContextBuffer target,
        byte[] block,
        CountingDecoderFallback fallback,
        bool skipBinary,
        string name,
        CancellationToken cancellationToken)
    {
        // Enough for the longest byte order mark plus the whole binary probe, unless the stream ends first.
        var read = await stream.ReadAtLeastAsync(block.AsMemory(0, BlockBytes), BinaryProbeBytes + 3, throwOnEndOfStream: false, cancellationToken)
            .ConfigureAwait(false);

        var (encoding, start) = DetectEncoding(block.AsSpan(0, read));
        if (skipBinary && encoding is UTF8Encoding && IsBinary(block.AsSpan(start, read - start)))
        {
            return false;
        }

        var decoder = encoding.GetDecoder();
        decoder.Fallback = fallback;
        while (read > 0)
        {
            Decode(decoder, block.AsSpan(start, read - start), target, flush: false, name);
            cancellationToken.ThrowIfCancellationRequested();
            read = await stream.ReadAsync(block.AsMemory(0, BlockBytes), cancellationToken).ConfigureAwait(false);
            start = 0;
        }

        Decode(decoder, [], target, flush: true, name);
        return true;
    }

    /// <summary>The encoding the leading bytes call for, and the length of the byte order mark to skip.</summary>
    /// <param name="head">The first bytes of the stream.</param>
    internal static (Encoding Encoding, int BomLength) DetectEncoding(ReadOnlySpan<byte> head) => head switch
    {
        [0xEF, 0xBB, 0xBF, ..] => (Encoding.UTF8, 3),
        [0xFF, 0xFE, ..] => (Encoding.Unicode, 2),
        [0xFE, 0xFF, ..] => (Encoding.BigEndianUnicode, 2),
        _ => (Encoding.UTF8, 0),
    };

    /// <summary>Whether the first <see cref="BinaryProbeBytes"/> bytes of <paramref name="text"/> hold a NUL.</summary>
    /// <param name="text">The bytes after any byte order mark.</param>
    internal static bool IsBinary(ReadOnlySpan<byte> text) => text[..Math.Min(text.Length, BinaryProbeBytes)].Contains((byte)0);

    private static void Decode(Decoder decoder, ReadOnlySpan<byte> bytes, ContextBuffer target, bool flush, string name)
    {
        do
        {
            // A byte never decodes to more than one char (a 4-byte UTF-8 sequence gives 2), so bytes + Slack
            // chars always suffice; near the limit, feed only what the free space is sure to hold.
            var free = target.GetFreeSpace(bytes.Length + ContextBuffer.Slack);
            var take = Math.Clamp(free.Length - ContextBuffer.Slack, 0, bytes.Length);
            if (take == 0 && !bytes.IsEmpty)
            {
                // The buffer is full to its limit and more bytes remain, which must yield at least one more char.
                throw ContextLoader.TooLong(target.MaxChars, name);
            }

            decoder.Convert(bytes[..take], free, flush && take == bytes.Length, out var bytesUsed, out var charsUsed, out _);
            target.Advance(charsUsed);
            if (target.IsOverLimit)
            {
                throw ContextLoader.TooLong(target.MaxChars, name);
            }

            bytes = bytes[bytesUsed..];
        }
        while (!bytes.IsEmpty);
    }
}
