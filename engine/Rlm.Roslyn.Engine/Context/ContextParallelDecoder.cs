using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Rlm.Roslyn;

/// <summary>
/// Decodes one large UTF-8 file on all cores straight into the context's char buffer. The bytes are cut into one part per
/// core just after a <c>'\n'</c> (else before any ASCII byte, which ends every UTF-8 sequence, valid or not, so the
/// replacements are the same as decoding in one go). Part <c>k</c> is read with <see cref="RandomAccess"/> into its own
/// 1 MB block and decoded into the buffer at its byte offset: UTF-8 never yields more chars than bytes, so the parts
/// cannot overlap. The parts are then slid together; for ASCII text they already touch and nothing moves.
/// </summary>
internal static class ContextParallelDecoder
{
    /// <summary>How far past a part's nominal start a <c>'\n'</c> or an ASCII byte is looked for.</summary>
    private const int BoundarySearchBytes = 64 * 1024;

    /// <summary>
    /// Decodes bytes <c>[start, end)</c> of <paramref name="handle"/> (UTF-8, after any byte order mark) and appends the text
    /// to <paramref name="target"/>. Returns <see langword="false"/>, having written nothing, when there is only one core,
    /// the file is too small or no boundary was found, or the buffer lacks the room (a file that grew, or the length
    /// limit): the caller then decodes it as a stream, which handles those cases.
    /// </summary>
    /// <param name="handle">The open file.</param>
    /// <param name="start">The first byte to decode.</param>
    /// <param name="end">One past the last byte to decode.</param>
    /// <param name="target">The buffer the text is appended to.</param>
    /// <param name="fallback">Receives the count of replaced invalid sequences.</param>
    /// <param name="parts">How many parts to cut; at least 2 for a parallel decode.</param>
    /// <param name="cancellationToken">Observed between blocks.</param>
    public static bool TryDecode(SafeFileHandle handle, long start, long end, ContextBuffer target, CountingDecoderFallback fallback, int parts, CancellationToken cancellationToken)
    {
        var bytes = end - start;
        if (parts < 2 || bytes < parts || target.Length + bytes > target.MaxChars)
        {
            return false;
        }

        var free = target.GetFreeSpace(0);
        if (free.Length < bytes + ContextBuffer.Slack)
        {
            return false;
        }

        var cuts = Cuts(handle, start, end, parts);
        if (cuts.Count < 3)
        {
            return false;
        }

        var baseOffset = target.Length;
        var written = new int[cuts.Count - 1];
        var replaced = new long[cuts.Count - 1];
        try
        {
            Parallel.For(
                0,
                cuts.Count - 1,
                new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = cuts.Count - 1 },
                k => (written[k], replaced[k]) = DecodePart(handle, cuts[k], cuts[k + 1], target, baseOffset + (int)(cuts[k] - start), cancellationToken));
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(ex.InnerExceptions.FirstOrDefault(e => e is not OperationCanceledException) ?? ex.InnerExceptions[0]).Throw();
            throw;
        }

        // Slide each part down to follow the one before it (a no-op where the text so far was ASCII).
        var text = target.GetFreeSpace(0);
        var length = written[0];
        for (var k = 1; k < written.Length; k++)
        {
            var from = (int)(cuts[k] - start);
            if (from != length)
            {
                text.Slice(from, written[k]).CopyTo(text[length..]);
            }

            length += written[k];
        }

        target.Advance(length);
        fallback.Count += replaced.Sum();
        return true;
    }

    /// <summary>The part boundaries: <paramref name="start"/>, each cut, <paramref name="end"/>.</summary>
    private static List<long> Cuts(SafeFileHandle handle, long start, long end, int parts)
    {
        var cuts = new List<long> { start };
        var window = ArrayPool<byte>.Shared.Rent(BoundarySearchBytes);
        try
        {
            for (var k = 1; k < parts; k++)
            {
                var nominal = start + ((end - start) * k / parts);
                var read = RandomAccess.Read(handle, window.AsSpan(0, (int)Math.Min(BoundarySearchBytes, end - nominal)), nominal);
                var bytes = window.AsSpan(0, read);
                var newline = bytes.IndexOf((byte)'\n');
                var cut = newline >= 0 ? newline + 1 : bytes.IndexOfAnyInRange((byte)0, (byte)0x7F);
                if (cut > 0 && nominal + cut < end && nominal + cut > cuts[^1])
                {
                    cuts.Add(nominal + cut);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(window);
        }

        cuts.Add(end);
        return cuts;
    }

    private static (int Chars, long Replaced) DecodePart(SafeFileHandle handle, long from, long to, ContextBuffer target, int charOffset, CancellationToken cancellationToken)
    {
        var fallback = new CountingDecoderFallback();
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();
        decoder.Fallback = fallback;
        var block = ArrayPool<byte>.Shared.Rent(ContextStreamDecoder.BlockBytes);
        try
        {
            // The part's region: as many chars as it has bytes, which UTF-8 never exceeds.
            var region = target.GetFreeSpace(0).Slice(charOffset - target.Length, (int)(to - from));
            var written = 0;
            var position = from;
            while (position < to)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var read = RandomAccess.Read(handle, block.AsSpan(0, (int)Math.Min(ContextStreamDecoder.BlockBytes, to - position)), position);
                if (read == 0)
                {
                    throw new IOException("The file became shorter while it was being read.");
                }

                position += read;
                decoder.Convert(block.AsSpan(0, read), region[written..], flush: position == to, out var used, out var chars, out _);
                if (used != read)
                {
                    throw new InvalidOperationException("A UTF-8 part decoded to more chars than it has bytes.");
                }

                written += chars;
            }

            return (written, fallback.Count);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }
    }
}
