using System.Buffers;
using System.Text;
using System.Threading.Channels;

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
internal static partial class FileGrep
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
            .Select(_ => Task.Run(() => WorkAsync(work.Reader, matcher, scan, options, token), token))
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
}
