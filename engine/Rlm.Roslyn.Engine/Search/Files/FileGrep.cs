using System.Buffers;
using System.Text;
using System.Threading.Channels;
using Microsoft.Win32.SafeHandles;

namespace Rlm.Roslyn;

/// <summary>
/// Searches files with a <see cref="GrepMatcher"/> without loading them into one context, as <c>rlm grep</c> does: each
/// UTF-8 file is cut into chunks of about <see cref="FileGrepOptions.ChunkBytes"/> that end at a line end, and the chunks
/// of all files are read, decoded and searched on every core while one thread reports them in order. Memory stays at a
/// few chunks whatever the input's size, and no buffer is touched fresh more than once.
/// </summary>
/// <remarks>
/// A chunk is decoded exactly as the context loader decodes (invalid bytes become U+FFFD): it ends just after a
/// <c>'\n'</c>, which no UTF-8 sequence contains, so decoding it alone gives the same text. Line-local patterns (the only
/// ones searched in chunks) find the same matches in a chunk as in the whole file. Standard input is read in chunks the
/// same way, in order, each chunk carrying its bytes to a worker. UTF-16 input and patterns that may span lines are
/// loaded one file at a time and scanned whole with <see cref="GrepScan"/>.
/// </remarks>
internal static class FileGrep
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Searches <paramref name="paths"/> and reports to <paramref name="sink"/>.</summary>
    /// <param name="paths">Files, folders or "-", as <see cref="ContextLoader.LoadAsync"/> takes them.</param>
    /// <param name="matcher">The kernel.</param>
    /// <param name="options">What to report and how to cut the work.</param>
    /// <param name="sink">Receives lines, counts and skipped files, on the calling flow, in order.</param>
    /// <param name="standardInput">The stream "-" reads; <see langword="null"/> for the console's.</param>
    /// <param name="cancellationToken">Stops the search.</param>
    /// <returns>The matching lines reported (with <see cref="FileGrepOptions.ReportLines"/> off, counted), summed over files.</returns>
    /// <exception cref="ContextLoadException">No paths, a path that does not exist, or every file skipped.</exception>
    /// <exception cref="TimeoutException">A regex search ran past its timeout (what was reported before stays reported).</exception>
    public static async Task<long> RunAsync(
        IReadOnlyList<string> paths,
        GrepMatcher matcher,
        FileGrepOptions options,
        IFileGrepSink sink,
        Stream? standardInput,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(matcher);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ChunkBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Workers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxLinesPerFile, 1);
        options.Loading.Validate();
        if (paths.Count == 0)
        {
            throw new ContextLoadException("No paths were given: name files, folders, or '-' for standard input.");
        }

        var skipped = new List<SkippedFile>();
        var sources = ContextLoader.Plan(paths, options.Loading, skipped, cancellationToken);
        foreach (var file in skipped)
        {
            sink.Skipped(file.Path, file.Reason);
        }

        // Standard input's size is not known ahead: it counts as long, as a pipe worth searching usually is (a compile
        // costs milliseconds; a long input scanned without it costs seconds).
        var scan = ScanOptions(options, sources.Sum(s => s.IsStandardInput ? options.CompiledRegexMinBytes : s.ByteLength));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = stop.Token;
        var window = new SemaphoreSlim(2 * options.Workers + 2);
        var work = Channel.CreateUnbounded<FileGrepWork>(new UnboundedChannelOptions { SingleWriter = true });
        var order = Channel.CreateUnbounded<FileGrepWork>(new UnboundedChannelOptions { SingleWriter = true, SingleReader = true });
        var files = new List<FileGrepFile>();
        var producer = Task.Run(() => ProduceAsync(sources, matcher.LineLocal, options, standardInput, files, window, work.Writer, order.Writer, token), token);
        var workers = Enumerable.Range(0, options.Workers)
            .Select(_ => Task.Run(() => WorkAsync(work.Reader, matcher, scan, options, standardInput, token), token))
            .ToArray();

        long found = 0;
        var searched = 0;
        try
        {
            await foreach (var item in order.Reader.ReadAllAsync(token).ConfigureAwait(false))
            {
                var chunk = await item.Done.Task.ConfigureAwait(false);
                try
                {
                    var file = item.File;
                    if (chunk.SkippedReason is { } reason)
                    {
                        file.Capped = true;
                        sink.Skipped(file.Name, reason);
                        skipped.Add(new SkippedFile(file.Name, reason));
                    }
                    else
                    {
                        file.Searched = true;
                        Report(file, chunk, options, sink);
                    }

                    if (item.Last)
                    {
                        var lines = Math.Min(file.Matching, options.MaxLinesPerFile);
                        if (lines > 0)
                        {
                            sink.FileDone(file.Name, lines);
                            found += lines;
                        }

                        searched += file.Searched ? 1 : 0;
                    }
                }
                finally
                {
                    chunk.Return();
                    window.Release();
                }
            }

            await producer.ConfigureAwait(false);
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll([producer, .. workers]).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The first failure is the one rethrown below; the rest only stopped because of it.
            }

            throw;
        }
        finally
        {
            lock (files)
            {
                files.ForEach(f => f.Close());
            }
        }

        return searched > 0 ? found : throw ContextLoader.NothingLoadable(skipped);
    }

    /// <summary>The scan settings every chunk shares: one match per line, kept lines capped per file, compiled regex when the input is long.</summary>
    private static GrepScanOptions ScanOptions(FileGrepOptions options, long totalBytes) => GrepScanOptions.Default with
    {
        OneMatchPerLine = true,
        LineNumbers = options.LineNumbers && options.ReportLines,
        MaxKept = options.ReportLines ? options.MaxLinesPerFile : 0,
        CompiledRegexMinChars = totalBytes >= options.CompiledRegexMinBytes ? 0 : int.MaxValue,
    };

    /// <summary>Reports a chunk's kept lines (up to the file's cap) and adds its counts to the file's.</summary>
    private static void Report(FileGrepFile file, FileGrepChunk chunk, FileGrepOptions options, IFileGrepSink sink)
    {
        for (var i = 0; i < chunk.Count && file.Reported < options.MaxLinesPerFile; i++)
        {
            sink.Line(file.Name, options.LineNumbers ? file.NewlinesBefore + chunk.LineOf(i) + 1 : 0, chunk.TextOf(i));
            file.Reported++;
        }

        file.Matching += chunk.Total;
        file.NewlinesBefore += chunk.Newlines;
        if (file.Matching >= options.MaxLinesPerFile)
        {
            file.Capped = true;
        }
    }

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
                    var item = new FileGrepWork(file, i, last: i == file.Chunks - 1);
                    order.TryWrite(item);
                    if (file.SkippedReason is { } reason)
                    {
                        item.Done.SetResult(FileGrepChunk.Skip(reason));
                    }
                    else
                    {
                        work.TryWrite(item);
                    }
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
            var (encoding, bomLength) = ContextStreamDecoder.DetectEncoding(buffer.AsSpan(0, filled));
            var utf8 = encoding.CodePage == Encoding.UTF8.CodePage;
            if (utf8 && options.Loading.SkipBinaryFiles && ContextStreamDecoder.IsBinary(buffer.AsSpan(bomLength, filled - bomLength)))
            {
                Queue(new FileGrepWork(FileGrepFile.Skipped(source, "binary"), 0, last: true), FileGrepChunk.Skip("binary"), work, order);
                return;
            }

            if (!utf8 || !lineLocal)
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

    /// <summary>Probes a file's first bytes: its encoding and byte order mark, and whether it is binary.</summary>
    private static FileGrepFile Open(ContextSource source, bool lineLocal, FileGrepOptions options)
    {
        if (source.IsStandardInput)
        {
            return FileGrepFile.Whole(source);
        }

        SafeFileHandle? handle = null;
        try
        {
            handle = File.OpenHandle(source.FullPath!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var length = RandomAccess.GetLength(handle);
            Span<byte> head = stackalloc byte[ContextStreamDecoder.BinaryProbeBytes + 3];
            head = head[..RandomAccess.Read(handle, head[..(int)Math.Min(head.Length, length)], 0)];
            var (encoding, bomLength) = ContextStreamDecoder.DetectEncoding(head);
            var utf8 = encoding.CodePage == Encoding.UTF8.CodePage;
            FileGrepFile file;
            if (utf8 && options.Loading.SkipBinaryFiles && ContextStreamDecoder.IsBinary(head[bomLength..]))
            {
                file = FileGrepFile.Skipped(source, "binary");
            }
            else if (!utf8 || !lineLocal)
            {
                file = FileGrepFile.Whole(source);
            }
            else
            {
                file = FileGrepFile.Chunked(source, handle, bomLength, length, options.ChunkBytes);
                handle = null;
            }

            return file;
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

    /// <summary>One worker: searches queued chunks until the queue is done.</summary>
    private static async Task WorkAsync(ChannelReader<FileGrepWork> work, GrepMatcher matcher, GrepScanOptions scan, FileGrepOptions options, Stream? standardInput, CancellationToken token)
    {
        await foreach (var item in work.ReadAllAsync(token).ConfigureAwait(false))
        {
            try
            {
                var chunk = item.File.Capped ? FileGrepChunk.Empty()
                    : item.File.Small ? await SearchSmallAsync(item.File, matcher, scan, options, token).ConfigureAwait(false)
                    : item.File.WholeFile ? await SearchWholeAsync(item.File, matcher, scan, options, item.File.Input ?? standardInput, token).ConfigureAwait(false)
                    : item.HasBytes ? SearchBytes(item.Bytes, matcher, scan, token)
                    : SearchChunk(item, matcher, scan, options.ChunkBytes, token);
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
            var (encoding, bomLength) = ContextStreamDecoder.DetectEncoding(input);
            var utf8 = encoding.CodePage == Encoding.UTF8.CodePage;
            if (utf8 && options.Loading.SkipBinaryFiles && ContextStreamDecoder.IsBinary(input[bomLength..]))
            {
                return FileGrepChunk.Skip("binary");
            }

            return utf8 && matcher.LineLocal
                ? SearchBytes(input[bomLength..], matcher, scan, token)
                : await SearchWholeAsync(file, matcher, scan, options, null, token).ConfigureAwait(false);
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

    /// <summary>Loads a whole file (or standard input) as a context of its own and scans it with <see cref="GrepScan"/>.</summary>
    private static async Task<FileGrepChunk> SearchWholeAsync(FileGrepFile file, GrepMatcher matcher, GrepScanOptions scan, FileGrepOptions options, Stream? standardInput, CancellationToken token)
    {
        var skipped = new List<SkippedFile>();
        var context = await ContextLoader.LoadPlannedAsync([file.Source], options.Loading, standardInput, skipped, token).ConfigureAwait(false);
        if (context is null)
        {
            return FileGrepChunk.Skip(skipped.Count > 0 ? skipped[0].Reason : "unreadable");
        }

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
