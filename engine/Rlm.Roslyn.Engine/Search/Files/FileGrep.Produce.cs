using System.Buffers;
using System.Text;
using System.Threading.Channels;
using Microsoft.Win32.SafeHandles;

namespace Rlm.Roslyn;

/// <summary>The producer side of <see cref="FileGrep"/>: what each file becomes, and the queue of chunks.</summary>
internal static partial class FileGrep
{
    /// <summary>Opens each file in turn, decides how it is searched, and queues its chunks, at most the window ahead of the reporting.</summary>
    private static async Task ProduceAsync(
        List<ContextSource> sources,
        bool lineLocal,
        FileGrepOptions options,
        Stream? standardInput,
        List<FileGrepFile> files,
        SemaphoreSlim window,
        ChannelWriter<FileGrepWork> work,
        ChannelWriter<FileGrepWork> order,
        CancellationToken token)
    {
        try
        {
            foreach (var source in sources)
            {
                token.ThrowIfCancellationRequested();
                if (source.IsStandardInput)
                {
                    await ProduceStandardInputAsync(source, lineLocal, options, standardInput, window, work, order, token).ConfigureAwait(false);
                    continue;
                }

                var file = source.ByteLength <= options.ChunkBytes ? FileGrepFile.SmallFile(source) : Open(source, lineLocal, options);
                lock (files)
                {
                    files.Add(file);
                }

                for (var i = 0; i < file.Chunks; i++)
                {
                    await window.WaitAsync(token).ConfigureAwait(false);
                    var known = file.SkippedReason is { } reason ? FileGrepChunk.Skip(reason) : null;
                    Queue(new FileGrepWork(file, i, last: i == file.Chunks - 1), known, work, order);
                }
            }
        }
        finally
        {
            work.TryComplete();
            order.TryComplete();
        }
    }

    /// <summary>
    /// Reads standard input in chunks of about <see cref="FileGrepOptions.ChunkBytes"/> that end at a line end (a line
    /// longer than that makes its chunk longer) and queues each with its bytes, so a pipe of any size is searched in
    /// flat memory. UTF-16 input (by its byte order mark) and patterns that are not line-local are loaded whole.
    /// </summary>
    private static async Task ProduceStandardInputAsync(
        ContextSource source,
        bool lineLocal,
        FileGrepOptions options,
        Stream? standardInput,
        SemaphoreSlim window,
        ChannelWriter<FileGrepWork> work,
        ChannelWriter<FileGrepWork> order,
        CancellationToken token)
    {
        var stream = standardInput ?? Console.OpenStandardInput();
        FileGrepFile? file = null;
        var index = 0;
        byte[]? buffer = null;
        try
        {
            await window.WaitAsync(token).ConfigureAwait(false);
            buffer = ArrayPool<byte>.Shared.Rent(Math.Max(options.ChunkBytes, ContextStreamDecoder.BinaryProbeBytes + 3));
            var filled = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, token).ConfigureAwait(false);
            var (probe, bomLength) = Probe(buffer.AsSpan(0, filled), lineLocal, options);
            if (probe == FileGrepProbe.Binary)
            {
                Queue(new FileGrepWork(FileGrepFile.Skipped(source, "binary"), 0, last: true), FileGrepChunk.Skip("binary"), work, order);
                return;
            }

            if (probe == FileGrepProbe.Whole)
            {
                // Loaded whole by the loader, from the bytes already read followed by the rest.
                var whole = new MemoryStream();
                whole.Write(buffer, 0, filled);
                await stream.CopyToAsync(whole, token).ConfigureAwait(false);
                whole.Position = 0;
                Queue(new FileGrepWork(FileGrepFile.Whole(source, whole), 0, last: true), null, work, order);
                return;
            }

            file = FileGrepFile.Streamed(source);
            var start = bomLength;
            while (true)
            {
                var ended = filled < buffer.Length;
                var newline = ended ? -1 : buffer.AsSpan(start, filled - start).LastIndexOf((byte)'\n');
                if (!ended && newline < 0)
                {
                    // A full buffer without a line end: a line longer than a chunk, read on into a bigger buffer.
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                    filled += await stream.ReadAtLeastAsync(buffer.AsMemory(filled), buffer.Length - filled, throwOnEndOfStream: false, token).ConfigureAwait(false);
                    continue;
                }

                // The chunk ends after its last line end (or at the end of input); what follows starts the next buffer.
                var cut = ended ? filled : start + newline + 1;
                var next = ended ? null : ArrayPool<byte>.Shared.Rent(Math.Max(options.ChunkBytes, 2 * (filled - cut)));
                var carried = filled - cut;
                buffer.AsSpan(cut, carried).CopyTo(next);
                var item = new FileGrepWork(file, index++, last: ended, buffer, start, cut);
                buffer = null;
                Queue(item, null, work, order);
                if (ended)
                {
                    return;
                }

                buffer = next!;
                await window.WaitAsync(token).ConfigureAwait(false);
                filled = carried + await stream.ReadAtLeastAsync(buffer.AsMemory(carried), buffer.Length - carried, throwOnEndOfStream: false, token).ConfigureAwait(false);
                start = 0;
            }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            // What was read is searched and reported; the file's last item says why the rest is missing.
            var reason = ContextLoader.UnreadableReason(e);
            Queue(new FileGrepWork(file ?? FileGrepFile.Skipped(source, reason), index, last: true), FileGrepChunk.Skip(reason), work, order);
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            if (standardInput is null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Queues an item for reporting, and for a worker unless its result is already known.</summary>
    private static void Queue(FileGrepWork item, FileGrepChunk? known, ChannelWriter<FileGrepWork> work, ChannelWriter<FileGrepWork> order)
    {
        order.TryWrite(item);
        if (known is not null)
        {
            item.Done.SetResult(known);
        }
        else
        {
            work.TryWrite(item);
        }
    }

    /// <summary>Opens a file over one chunk and probes its first bytes (see <see cref="Probe"/>); keeps it open when it is searched in chunks.</summary>
    private static FileGrepFile Open(ContextSource source, bool lineLocal, FileGrepOptions options)
    {
        SafeFileHandle? handle = null;
        try
        {
            handle = File.OpenHandle(source.FullPath!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var length = RandomAccess.GetLength(handle);
            Span<byte> head = stackalloc byte[ContextStreamDecoder.BinaryProbeBytes + 3];
            head = head[..RandomAccess.Read(handle, head[..(int)Math.Min(head.Length, length)], 0)];
            var (probe, bomLength) = Probe(head, lineLocal, options);
            switch (probe)
            {
                case FileGrepProbe.Binary:
                    return FileGrepFile.Skipped(source, "binary");
                case FileGrepProbe.Whole:
                    return FileGrepFile.Whole(source);
                default:
                    var file = FileGrepFile.Chunked(source, handle, bomLength, length, options.ChunkBytes);
                    handle = null; // The file keeps it until its last chunk is done.
                    return file;
            }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return FileGrepFile.Skipped(source, ContextLoader.UnreadableReason(e));
        }
        finally
        {
            handle?.Dispose();
        }
    }

    /// <summary>
    /// What an input's first bytes (at least <see cref="ContextStreamDecoder.BinaryProbeBytes"/> plus a byte order mark,
    /// unless it is shorter) say: binary, searched whole, or in chunks; and the length of its byte order mark. The same
    /// tests the context loader makes.
    /// </summary>
    private static (FileGrepProbe Probe, int BomLength) Probe(ReadOnlySpan<byte> head, bool lineLocal, FileGrepOptions options)
    {
        var (encoding, bomLength) = ContextStreamDecoder.DetectEncoding(head);
        var utf8 = encoding.CodePage == Encoding.UTF8.CodePage;
        var probe = utf8 && options.Loading.SkipBinaryFiles && ContextStreamDecoder.IsBinary(head[bomLength..]) ? FileGrepProbe.Binary
            : !utf8 || !lineLocal ? FileGrepProbe.Whole
            : FileGrepProbe.Chunked;
        return (probe, bomLength);
    }
}
