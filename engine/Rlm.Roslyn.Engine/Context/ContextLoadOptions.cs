using System.Globalization;

namespace Rlm.Roslyn;

/// <summary>
/// What <see cref="ContextLoader"/> loads from the files and folders it is given. Every property has a
/// usable default; <see cref="Validate"/> checks them once, before anything is read.
/// </summary>
public sealed record ContextLoadOptions
{
    /// <summary>The folders skipped by default when walking a folder: <c>.git</c>, <c>bin</c>, <c>obj</c>, <c>node_modules</c>.</summary>
    public static IReadOnlyList<string> DefaultSkipDirectories { get; } = [".git", "bin", "obj", "node_modules"];

    /// <summary>
    /// Glob patterns (for example <c>**/*.cs</c>) a file found by walking a folder must match to be loaded,
    /// relative to that folder and matched case-insensitively. Empty (the default) loads every file.
    /// Files named explicitly are not filtered.
    /// </summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>
    /// Glob patterns (for example <c>**/*.min.js</c>) that drop a file found by walking a folder, relative to
    /// that folder and matched case-insensitively. Empty by default. Files named explicitly are not filtered.
    /// </summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>
    /// Folder names (not paths) never entered when walking a folder, at any depth, compared
    /// case-insensitively. Defaults to <see cref="DefaultSkipDirectories"/>. A file named explicitly is
    /// loaded even when it lies in such a folder.
    /// </summary>
    public IReadOnlyList<string> SkipDirectories { get; init; } = DefaultSkipDirectories;

    /// <summary>
    /// Whether files whose first 8 KB contain a NUL byte are skipped (and reported) as binary. Defaults to
    /// <see langword="true"/>. Files with a UTF-16 byte order mark are never considered binary.
    /// </summary>
    public bool SkipBinaryFiles { get; init; } = true;

    /// <summary>
    /// The largest context loaded, in chars, from 1 to <see cref="RlmContext.MaxChars"/> (the default).
    /// Loading fails with a <see cref="ContextLoadException"/> rather than truncate.
    /// </summary>
    public int MaxChars { get; init; } = RlmContext.MaxChars;

    /// <summary>
    /// Files of at least this many bytes (UTF-8) are decoded on all cores, cut at line ends; the text is the same either
    /// way. Defaults to 32 MB; <see cref="long.MaxValue"/> always decodes on one core. Must be positive.
    /// </summary>
    public long ParallelDecodeMinBytes { get; init; } = 32L << 20;

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentException">An option is out of range, or a list is null or holds a blank entry.</exception>
    public void Validate()
    {
        if (MaxChars is < 1 or > RlmContext.MaxChars)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaxChars),
                MaxChars,
                string.Create(CultureInfo.InvariantCulture, $"{nameof(MaxChars)} must be between 1 and {RlmContext.MaxChars:N0}."));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ParallelDecodeMinBytes);
        CheckEntries(Include, nameof(Include));
        CheckEntries(Exclude, nameof(Exclude));
        CheckEntries(SkipDirectories, nameof(SkipDirectories));
        foreach (var name in SkipDirectories)
        {
            if (name.AsSpan().IndexOfAny('/', '\\') >= 0)
            {
                throw new ArgumentException(
                    $"{nameof(SkipDirectories)} holds folder names, not paths: '{name}'. Use {nameof(Exclude)} for paths.",
                    nameof(SkipDirectories));
            }
        }
    }

    private static void CheckEntries(IReadOnlyList<string>? entries, string name)
    {
        if (entries is null)
        {
            throw new ArgumentException($"{name} must not be null; use an empty list.", name);
        }

        foreach (var entry in entries)
        {
            if (string.IsNullOrWhiteSpace(entry))
            {
                throw new ArgumentException($"{name} must not hold a null or blank entry.", name);
            }
        }
    }
}
