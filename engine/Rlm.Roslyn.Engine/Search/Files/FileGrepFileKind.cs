namespace Rlm.Roslyn;

/// <summary>How a <see cref="FileGrep"/> searches one file.</summary>
internal enum FileGrepFileKind
{
    /// <summary>A UTF-8 file over one chunk: the producer opened and probed it, and each worker reads its own chunk.</summary>
    Chunked,

    /// <summary>A file of at most one chunk, left unopened: the worker that takes it opens, probes and searches it.</summary>
    Small,

    /// <summary>Loaded whole and scanned as one context: UTF-16 input, or a pattern that may span lines.</summary>
    Whole,

    /// <summary>Standard input read in chunks as it arrives; each chunk carries its bytes.</summary>
    Streamed,

    /// <summary>Not searched at all (binary, unreadable).</summary>
    Skipped,
}
