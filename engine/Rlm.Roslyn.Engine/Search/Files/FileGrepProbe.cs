namespace Rlm.Roslyn;

/// <summary>What an input's first bytes say about how <see cref="FileGrep"/> searches it.</summary>
internal enum FileGrepProbe
{
    /// <summary>UTF-8 holding a NUL among its first bytes, with binary files skipped.</summary>
    Binary,

    /// <summary>UTF-16 (by its byte order mark), or any input when the pattern may span lines: loaded and scanned whole.</summary>
    Whole,

    /// <summary>UTF-8 searched in line-aligned chunks, after its byte order mark.</summary>
    Chunked,
}
