using System.Buffers;
using System.Threading.Channels;
using Microsoft.Win32.SafeHandles;

namespace Rlm.Roslyn;

/// <summary>The worker side of <see cref="FileGrep"/>: reading, decoding and searching one chunk or one small or whole file.</summary>
internal static partial class FileGrep
{
    /// <summary>One worker: searches queued chunks until the queue is done.</summary>
    private static async Task WorkAsync(ChannelReader<FileGrepWork> work, GrepMatcher matcher, GrepScanOptions scan, FileGrepOptions options, CancellationToken token)
    {
        await foreach (var item in work.ReadAllAsync(token).ConfigureAwait(false))
        {
            try
            {
                var chunk = item.File.Capped ? FileGrepChunk.Empty() : item.File.Kind switch
                {
                    FileGrepFileKind.Small => await SearchSmallAsync(item.File, matcher, scan, options, token).ConfigureAwait(false),
                    FileGrepFileKind.Whole => await SearchWholeAsync(item.File.Source, item.File.Input, matcher, scan, options, token).ConfigureAwait(false),
                    FileGrepFileKind.Streamed => SearchBytes(item.Bytes, matcher, scan, token),
                    _ => SearchChunk(item, matcher, scan, options.ChunkBytes, token),
                };
                item.Done.SetResult(chunk);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                item.Done.SetCanceled(token);
            }
            catch (Exception e)
            {
                item.Done.SetException(e);
            }
            finally
            {
                item.File.Release();
                item.ReturnBytes();
            }
        }
    }

    /// <summary>Reads, decodes and searches one chunk: from the first line start at or after its nominal start to the first at or after the next chunk's.</summary>
    private static FileGrepChunk SearchChunk(FileGrepWork item, GrepMatcher matcher, GrepScanOptions scan, int chunkBytes, CancellationToken token)
    {
        var file = item.File;
        byte[]? bytes = null;
        try
        {
            var start = item.Index == 0 ? file.Start : LineStartAtOrAfter(file.Handle, file.Start + ((long)item.Index * chunkBytes), file.End);
            var end = item.Last ? file.End : LineStartAtOrAfter(file.Handle, file.Start + ((long)(item.Index + 1) * chunkBytes), file.End);
            if (end <= start && file.Chunks > 1)
            {
                return FileGrepChunk.Empty(); // A line longer than a chunk: an earlier chunk holds all of it.
            }

            if (end - start > Array.MaxLength)
            {
                return FileGrepChunk.Skip(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"a line longer than {Array.MaxLength:N0} bytes"));
            }

            var size = (int)(end - start);
            bytes = ArrayPool<byte>.Shared.Rent(size);
            return SearchBytes(bytes.AsSpan(0, ReadAtMost(file.Handle, bytes.AsSpan(0, size), start)), matcher, scan, token);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return FileGrepChunk.Skip(ContextLoader.UnreadableReason(e));
        }
        finally
        {
            if (bytes is not null)
            {
                ArrayPool<byte>.Shared.Return(bytes);
            }
        }
    }

    /// <summary>
    /// A file of at most one chunk: read whole, then probed as <see cref="Open"/> probes (binary, byte order mark) and
    /// searched as one chunk, or handed to the loader when it is UTF-16 or the pattern is not line-local.
    /// </summary>
    private static async Task<FileGrepChunk> SearchSmallAsync(FileGrepFile file, GrepMatcher matcher, GrepScanOptions scan, FileGrepOptions options, CancellationToken token)
    {
        byte[]? bytes = null;
        try
        {
            int length;
            using (var handle = File.OpenHandle(file.Source.FullPath!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                var size = RandomAccess.GetLength(handle);
                if (size > Array.MaxLength)
                {
                    return FileGrepChunk.Skip(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"grew past {Array.MaxLength:N0} bytes while being searched"));
                }

                bytes = ArrayPool<byte>.Shared.Rent((int)size);
                length = ReadAtMost(handle, bytes.AsSpan(0, (int)size), 0);
            }

            var input = bytes.AsSpan(0, length);
            var (probe, bomLength) = Probe(input, matcher.LineLocal, options);
            return probe switch
            {
                FileGrepProbe.Binary => FileGrepChunk.Skip("binary"),
                FileGrepProbe.Chunked => SearchBytes(input[bomLength..], matcher, scan, token),
                // The bytes already read are loaded from memory, under the file's name: the file is not read twice.
                _ => await SearchWholeAsync(new ContextSource(file.Name, null, 0), new MemoryStream(bytes, 0, length, writable: false), matcher, scan, options, token).ConfigureAwait(false),
            };
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return FileGrepChunk.Skip(ContextLoader.UnreadableReason(e));
        }
        finally
        {
            if (bytes is not null)
            {
                ArrayPool<byte>.Shared.Return(bytes);
            }
        }
    }

    /// <summary>Decodes one chunk's bytes (which end after a '\n', or at the end of the input) and searches them.</summary>
    private static FileGrepChunk SearchBytes(ReadOnlySpan<byte> input, GrepMatcher matcher, GrepScanOptions scan, CancellationToken token)
    {
        if (input.IsEmpty)
        {
            return FileGrepChunk.Empty(); // An empty file has no lines, so nothing can match in it.
        }

        var chars = ArrayPool<char>.Shared.Rent(input.Length);
        try
        {
            // The chunk's last '\n' is left out of the scan: after it comes the next chunk's line, or none at all, where an
            // empty match (of ^ or x*) must not make up a line. A line-local pattern finds the same matches without it.
            var length = Utf8.GetChars(input, chars);
            var scanned = chars[length - 1] == '\n' ? length - 1 : length;
            return Search(chars.AsMemory(0, scanned), scan.LineNumbers ? input.Count((byte)'\n') : 0, matcher, scan, token);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>Loads one input as a context of its own and scans it with <see cref="GrepScan"/>.</summary>
    /// <param name="source">A file, or a source without a path whose bytes <paramref name="input"/> holds.</param>
    /// <param name="input">The bytes of a source without a path (standard input, or a small file already read).</param>
    /// <param name="matcher">The kernel.</param>
    /// <param name="scan">The shared scan settings (every match is kept here, to drop one past the last line).</param>
    /// <param name="options">The loader's options among them.</param>
    /// <param name="token">Stops the load and the scan.</param>
    private static async Task<FileGrepChunk> SearchWholeAsync(ContextSource source, Stream? input, GrepMatcher matcher, GrepScanOptions scan, FileGrepOptions options, CancellationToken token)
    {
        var skipped = new List<SkippedFile>();
        var context = await ContextLoader.LoadPlannedAsync([source], options.Loading, input, skipped, token).ConfigureAwait(false);
        if (context is null)
        {
            return FileGrepChunk.Skip(skipped.Count > 0 ? skipped[0].Reason : "unreadable");
        }

        try
        {
            // Every matching line is kept (files searched whole are few), so an empty match just past the last '\n', on a line
            // that does not exist, can be told apart and dropped.
            var (matches, _) = GrepScan.Run(context, matcher, scan with { MaxKept = int.MaxValue }, token);
            var text = context.Text.Span;
            var lines = matches.Length > 0 && matches[^1].Offset == text.Length && (text.IsEmpty || text[^1] == '\n') ? matches.Length - 1 : matches.Length;
            var chunk = new FileGrepChunk(0, lines);
            for (var i = 0; i < lines && i < scan.MaxKept; i++)
            {
                chunk.Add(scan.LineNumbers ? matches[i].Line - 1 : 0, GrepHitBuilder.LineAt(text, matches[i].LineStart, text.Length, out _));
            }

            return chunk;
        }
        finally
        {
            // The context is this call's alone and the chunk holds copies: give a shared one's memory back now, not whenever
            // a collection gets round to its finalizer (a grep may load many large files one after another).
            context.Shared?.Memory.Release();
        }
    }

    /// <summary>Scans one decoded chunk as a range of its own.</summary>
    private static FileGrepChunk Search(ReadOnlyMemory<char> text, long newlines, GrepMatcher matcher, GrepScanOptions scan, CancellationToken token)
    {
        var range = new RangeScan(text, [], 0, 0, text.Length, scan, new GrepScanShared(0, lineNumbers: false, token));
        matcher.Scan(text.Span, range);
        var chunk = new FileGrepChunk(newlines, range.Total);
        var span = text.Span;
        foreach (var match in range.Kept)
        {
            chunk.Add(match.Line, GrepHitBuilder.LineAt(span, match.LineStart, span.Length, out _));
        }

        return chunk;
    }

    /// <summary>The offset just past the first <c>'\n'</c> at or after <c>nominal - 1</c>, or <paramref name="end"/> when there is none.</summary>
    private static long LineStartAtOrAfter(SafeFileHandle handle, long nominal, long end)
    {
        Span<byte> window = stackalloc byte[4096];
        var position = nominal - 1;
        while (position < end)
        {
            var read = RandomAccess.Read(handle, window[..(int)Math.Min(window.Length, end - position)], position);
            if (read == 0)
            {
                break; // The file became shorter: what is left ends here.
            }

            var newline = window[..read].IndexOf((byte)'\n');
            if (newline >= 0)
            {
                return position + newline + 1;
            }

            position += read;
        }

        return end;
    }

    /// <summary>Fills <paramref name="buffer"/> from <paramref name="offset"/>, or as much as the file still holds.</summary>
    private static int ReadAtMost(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = RandomAccess.Read(handle, buffer[total..], offset + total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
