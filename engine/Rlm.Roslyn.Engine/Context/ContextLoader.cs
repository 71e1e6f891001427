using System.Buffers;
using System.Globalization;
using System.Text;

namespace Rlm.Roslyn;

/// <summary>
/// Loads files, folders and standard input into one <see cref="RlmContext"/>: a single contiguous char buffer
/// that UTF-8 (or BOM-marked UTF-16) bytes are decoded straight into, plus an index of the documents.
/// </summary>
/// <remarks>
/// All files are listed and measured first; the buffer is then allocated once for the sum of their byte
/// lengths (UTF-8 never decodes to more chars than bytes), capped at <see cref="ContextLoadOptions.MaxChars"/>,
/// and grows only if a file grew in the meantime. Documents are laid end to end in the order the paths were
/// given (a folder's files in ordinal order of relative path), with a <c>'\n'</c> between two documents when
/// the first does not end with one.
/// </remarks>
public static class ContextLoader
{
    /// <summary>The path that stands for standard input.</summary>
    public const string StandardInputPath = "-";

    /// <summary>Loads <paramref name="paths"/> into a context.</summary>
    /// <param name="paths">
    /// Files (loaded even inside a skipped folder, but still tested for binary), folders (walked recursively
    /// through the options' globs and skipped folders), or <c>"-"</c> for standard input (at most once,
    /// named <c>stdin</c>). A file reached twice is loaded once, at its first place.
    /// </param>
    /// <param name="options">What to load; <see langword="null"/> for the defaults.</param>
    /// <param name="standardInput">The stream <c>"-"</c> reads; <see langword="null"/> for the console's standard input.</param>
    /// <param name="cancellationToken">Observed between files and between blocks of a file.</param>
    /// <returns>The context, whose <see cref="RlmContext.Report"/> lists skipped files and replaced invalid bytes.</returns>
    /// <exception cref="ArgumentException">An option is invalid, or a path is null.</exception>
    /// <exception cref="ContextLoadException">
    /// No paths were given, a path does not exist, the context would exceed
    /// <see cref="ContextLoadOptions.MaxChars"/>, or every file was skipped (binary, unreadable).
    /// </exception>
    public static async Task<RlmContext> LoadAsync(
        IReadOnlyList<string> paths,
        ContextLoadOptions? options = null,
        Stream? standardInput = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        options ??= new ContextLoadOptions();
        options.Validate();
        if (paths.Count == 0)
        {
            throw new ContextLoadException("No paths were given: name files, folders, or '-' for standard input.");
        }

        var skipped = new List<SkippedFile>();
        var sources = Plan(paths, options, skipped, cancellationToken);
        return await LoadPlannedAsync(sources, options, standardInput, skipped, cancellationToken).ConfigureAwait(false)
            ?? throw NothingLoadable(skipped);
    }

    /// <summary>
    /// Loads sources found by <see cref="Plan"/> into one context; <see langword="null"/> when every one was skipped
    /// (each then has its entry in <paramref name="skipped"/>).
    /// </summary>
    /// <param name="sources">The planned sources, in order.</param>
    /// <param name="options">The validated options.</param>
    /// <param name="standardInput">The stream a standard-input source reads; <see langword="null"/> for the console's.</param>
    /// <param name="skipped">Receives the files that were skipped (binary, unreadable).</param>
    /// <param name="cancellationToken">Observed between files and between blocks of a file.</param>
    internal static async Task<RlmContext?> LoadPlannedAsync(
        IReadOnlyList<ContextSource> sources,
        ContextLoadOptions options,
        Stream? standardInput,
        List<SkippedFile> skipped,
        CancellationToken cancellationToken)
    {
        var fallback = new CountingDecoderFallback();
        var block = ArrayPool<byte>.Shared.Rent(ContextStreamDecoder.BlockBytes);
        try
        {
            // Disposed at the end: its text is copied into the context's buffer, and a shared one would otherwise hold its memory until finalized.
            using var stdin = sources.Any(s => s.IsStandardInput)
                ? await ReadStandardInputAsync(standardInput, options, block, fallback, skipped, cancellationToken).ConfigureAwait(false)
                : null;

            // One char per byte, one per possible separator, and standard input's chars.
            var planned = sources.Sum(s => s.ByteLength) + sources.Count + (stdin?.Length ?? 0);
            // Disposing frees shared memory only when the load failed before ToMemory handed it to the context.
            using var buffer = new ContextBuffer(Math.Min(planned, options.MaxChars), options.MaxChars);
            var placed = new List<(string Name, int Offset, int Length)>(sources.Count);
            foreach (var source in sources)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var mark = buffer.Length;
                var replacedBefore = fallback.Count;
                if (placed.Count > 0 && (placed[^1].Length == 0 || buffer.Written[^1] != '\n'))
                {
                    Append(buffer, "\n", source.Name);
                }

                var offset = buffer.Length;
                bool loaded;
                if (source.IsStandardInput)
                {
                    loaded = stdin is not null;
                    if (stdin is not null)
                    {
                        // Standard input has no length to measure up front, so it was decoded into its own growing
                        // buffer first; this is the one copy loading makes. Files never take this path.
                        Append(buffer, stdin.Written, source.Name);
                    }
                }
                else
                {
                    loaded = await LoadFileAsync(source, buffer, block, fallback, options, skipped, cancellationToken).ConfigureAwait(false);
                }

                if (loaded)
                {
                    placed.Add((source.Name, offset, buffer.Length - offset));
                }
                else
                {
                    buffer.Truncate(mark);
                    fallback.Count = replacedBefore;
                }
            }

            if (placed.Count == 0)
            {
                return null;
            }

            var text = buffer.ToMemory();
            var documents = new Document[placed.Count];
            for (var i = 0; i < placed.Count; i++)
            {
                var (name, offset, length) = placed[i];
                documents[i] = new Document(i, name, offset, length, text.Slice(offset, length));
            }

            return new RlmContext(text, documents, new ContextLoadReport(skipped, fallback.Count));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }
    }

    /// <summary>The error for a context that would grow past <paramref name="maxChars"/> while loading <paramref name="name"/>.</summary>
    /// <param name="maxChars">The limit.</param>
    /// <param name="name">The document being loaded.</param>
    internal static ContextLoadException TooLong(int maxChars, string name) => new(string.Create(
        CultureInfo.InvariantCulture,
        $"The context would exceed {maxChars:N0} chars (at '{name}'); narrow it with --include/--exclude."));

    /// <summary>The <see cref="SkippedFile.Reason"/> for a file or folder that could not be read.</summary>
    /// <param name="error">What reading it threw.</param>
    internal static string UnreadableReason(Exception error) => error switch
    {
        UnauthorizedAccessException => "access denied",
        FileNotFoundException or DirectoryNotFoundException => "not found",
        _ => "unreadable: " + error.Message,
    };

    /// <summary>
    /// Lists what <paramref name="paths"/> name, in load order, each file measured: a folder's files through the options'
    /// globs and skipped folders, a file reached twice only once. Unreadable files go to <paramref name="skipped"/>.
    /// </summary>
    /// <param name="paths">Files, folders or "-", as <see cref="LoadAsync"/> takes them.</param>
    /// <param name="options">The validated options.</param>
    /// <param name="skipped">Receives the files that cannot be measured.</param>
    /// <param name="cancellationToken">Observed between paths.</param>
    /// <exception cref="ContextLoadException">A path does not exist, or standard input is named twice.</exception>
    internal static List<ContextSource> Plan(IReadOnlyList<string> paths, ContextLoadOptions options, List<SkippedFile> skipped, CancellationToken cancellationToken)
    {
        var sources = new List<ContextSource>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var hasStandardInput = false;
        foreach (var path in paths)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (path is null)
            {
                throw new ArgumentException("A path is null.", nameof(paths));
            }

            if (path == StandardInputPath)
            {
                if (hasStandardInput)
                {
                    throw new ContextLoadException($"Standard input ('{StandardInputPath}') can be given only once.");
                }

                hasStandardInput = true;
                sources.Add(new ContextSource(ContextSource.StandardInputName, null, 0));
            }
            else if (File.Exists(path))
            {
                var fullPath = Path.GetFullPath(path);
                if (seen.Add(fullPath))
                {
                    try
                    {
                        sources.Add(new ContextSource(path, fullPath, new FileInfo(fullPath).Length));
                    }
                    catch (Exception e) when (e is UnauthorizedAccessException or IOException)
                    {
                        skipped.Add(new SkippedFile(path, UnreadableReason(e)));
                    }
                }
            }
            else if (Directory.Exists(path))
            {
                foreach (var source in ContextFolderWalk.Run(path, options, skipped, cancellationToken))
                {
                    if (seen.Add(source.FullPath!))
                    {
                        sources.Add(source);
                    }
                }
            }
            else
            {
                throw new ContextLoadException($"Path not found: '{path}'");
            }
        }

        return sources;
    }

    private static async Task<ContextBuffer?> ReadStandardInputAsync(
        Stream? standardInput,
        ContextLoadOptions options,
        byte[] block,
        CountingDecoderFallback fallback,
        List<SkippedFile> skipped,
        CancellationToken cancellationToken)
    {
        var stream = standardInput ?? Console.OpenStandardInput();
        try
        {
            var text = new ContextBuffer(ContextBuffer.SharedMinChars, options.MaxChars);
            var name = ContextSource.StandardInputName;
            try
            {
                if (await ContextStreamDecoder.DecodeAsync(stream, text, block, fallback, options.SkipBinaryFiles, name, cancellationToken).ConfigureAwait(false))
                {
                    return text;
                }
            }
            catch
            {
                text.Dispose();
                throw;
            }

            text.Dispose();
            skipped.Add(new SkippedFile(name, "binary"));
            return null;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            skipped.Add(new SkippedFile(ContextSource.StandardInputName, UnreadableReason(e)));
            return null;
        }
        finally
        {
            if (standardInput is null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<bool> LoadFileAsync(
        ContextSource source,
        ContextBuffer buffer,
        byte[] block,
        CountingDecoderFallback fallback,
        ContextLoadOptions options,
        List<SkippedFile> skipped,
        CancellationToken cancellationToken)
    {
        try
        {
            if (source.ByteLength >= options.ParallelDecodeMinBytes && Environment.ProcessorCount > 1)
            {
                var parallel = TryLoadFileInParallel(source, buffer, block, fallback, options, cancellationToken);
                if (parallel is not null)
                {
                    if (parallel == false)
                    {
                        skipped.Add(new SkippedFile(source.Name, "binary"));
                    }

                    return parallel.Value;
                }
            }

            // No FileStream buffer (bufferSize 0): blocks go straight from the OS into the rented byte block.
            var stream = new FileStream(
                source.FullPath!,
                FileMode.Open,
                FileAccess.Read,
                FileShare.ReadWrite | FileShare.Delete,
                bufferSize: 0,
                FileOptions.SequentialScan | FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                if (await ContextStreamDecoder.DecodeAsync(stream, buffer, block, fallback, options.SkipBinaryFiles, source.Name, cancellationToken).ConfigureAwait(false))
                {
                    return true;
                }
            }

            skipped.Add(new SkippedFile(source.Name, "binary"));
            return false;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            skipped.Add(new SkippedFile(source.Name, UnreadableReason(e)));
            return false;
        }
    }

    /// <summary>
    /// A large UTF-8 file decoded on all cores (<see cref="ContextParallelDecoder"/>): <see langword="true"/> when loaded,
    /// <see langword="false"/> when binary, <see langword="null"/> when it must go the stream way (UTF-16, grew, too long).
    /// </summary>
    private static bool? TryLoadFileInParallel(
        ContextSource source, ContextBuffer buffer, byte[] block, CountingDecoderFallback fallback, ContextLoadOptions options, CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(source.FullPath!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var length = RandomAccess.GetLength(handle);
        var head = block.AsSpan(0, (int)Math.Min(length, ContextStreamDecoder.BinaryProbeBytes + 3));
        head = head[..RandomAccess.Read(handle, head, 0)];
        var (encoding, bomLength) = ContextStreamDecoder.DetectEncoding(head);
        if (encoding.CodePage != Encoding.UTF8.CodePage)
        {
            return null;
        }

        if (options.SkipBinaryFiles && ContextStreamDecoder.IsBinary(head[bomLength..]))
        {
            return false;
        }

        return ContextParallelDecoder.TryDecode(handle, bomLength, length, buffer, fallback, Environment.ProcessorCount, cancellationToken) ? true : null;
    }

    private static void Append(ContextBuffer buffer, ReadOnlySpan<char> text, string name)
    {
        buffer.Append(text);
        if (buffer.IsOverLimit)
        {
            throw TooLong(buffer.MaxChars, name);
        }
    }

    /// <summary>The error for a load where every file was skipped, or none matched.</summary>
    /// <param name="skipped">What was skipped, and why.</param>
    internal static ContextLoadException NothingLoadable(IReadOnlyList<SkippedFile> skipped)
    {
        if (skipped.Count == 0)
        {
            return new ContextLoadException("Nothing to load: no files matched (check the paths and --include/--exclude).");
        }

        // Group "unreadable: <message>" reasons under "unreadable".
        var reasons = skipped
            .GroupBy(s => s.Reason.Split(':')[0], StringComparer.Ordinal)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count():N0} {g.Key}"));
        var what = skipped.Count == 1 ? "1 path was" : string.Create(CultureInfo.InvariantCulture, $"{skipped.Count:N0} paths were");
        return new ContextLoadException($"Nothing to load: {what} skipped ({string.Join(", ", reasons)}).");
    }
}
