namespace Rlm.Roslyn;

/// <summary>Receives what <see cref="FileGrep"/> finds, on one thread, in file order and line order within a file.</summary>
internal interface IFileGrepSink
{
    /// <summary>A matching line.</summary>
    /// <param name="name">The file's name (the same string instance for every line of one file).</param>
    /// <param name="line">The 1-based line number in the file, or 0 when lines are not counted.</param>
    /// <param name="text">The line as UTF-8, without its <c>'\n'</c> or <c>"\r\n"</c> (invalid input bytes already replaced by U+FFFD).</param>
    void Line(string name, long line, ReadOnlySpan<byte> text);

    /// <summary>A file with matching lines is done: <paramref name="matchingLines"/> is their count, capped at the per-file maximum.</summary>
    /// <param name="name">The file's name.</param>
    /// <param name="matchingLines">At least 1.</param>
    void FileDone(string name, long matchingLines);

    /// <summary>A file that was not searched, or not to its end.</summary>
    /// <param name="name">The file's name.</param>
    /// <param name="reason">Why: <c>binary</c>, <c>access denied</c>, <c>unreadable: ...</c>.</param>
    void Skipped(string name, string reason);
}
