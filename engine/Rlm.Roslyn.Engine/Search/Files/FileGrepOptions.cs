namespace Rlm.Roslyn;

/// <summary>How <see cref="FileGrep"/> searches files: what it reports and how it cuts the work.</summary>
internal sealed record FileGrepOptions
{
    /// <summary>Bytes per chunk of a file: big enough that a chunk's fixed costs vanish, small enough to stay in the caches.</summary>
    public const int DefaultChunkBytes = 1 << 20;

    /// <summary>Whether lines are counted so <see cref="IFileGrepSink.Line"/> gets line numbers. Default: false.</summary>
    public bool LineNumbers { get; init; }

    /// <summary>Whether matching lines are reported; false counts them only (<see cref="IFileGrepSink.FileDone"/>). Default: true.</summary>
    public bool ReportLines { get; init; } = true;

    /// <summary>The most matching lines reported (or counted) per file, like ripgrep's <c>-m</c>. Default: no limit.</summary>
    public int MaxLinesPerFile { get; init; } = int.MaxValue;

    /// <summary>The nominal size of a chunk; a chunk ends at the first line end at or after it. Default: <see cref="DefaultChunkBytes"/>.</summary>
    public int ChunkBytes { get; init; } = DefaultChunkBytes;

    /// <summary>How many chunks are searched at once. Default: one per core.</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// From how many bytes of input in all a line-local regex runs through its compiled twin (the compile pays for itself
    /// over the whole input, not per chunk). Default: <see cref="GrepScanOptions.DefaultCompiledRegexMinChars"/>.
    /// </summary>
    public long CompiledRegexMinBytes { get; init; } = GrepScanOptions.DefaultCompiledRegexMinChars;

    /// <summary>Which files a folder gives, and whether binary files are skipped. Default: the loader's defaults.</summary>
    public ContextLoadOptions Loading { get; init; } = new();
}
