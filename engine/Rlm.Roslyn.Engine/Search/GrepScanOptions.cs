namespace Rlm.Roslyn;

/// <summary>How <see cref="GrepScan"/> runs: what it keeps and how it splits the work.</summary>
internal sealed record GrepScanOptions
{
    /// <summary>Contexts longer than this many chars are split into ranges scanned in parallel.</summary>
    public const int DefaultParallelMinChars = 4 << 20;

    /// <summary>Chars per scan block: small enough that counting its line breaks right after searching it hits the cache.</summary>
    public const int DefaultBlockChars = 64 << 10;

    /// <summary>Contexts of 8 M chars and more run a line-local regex compiled (a compile costs about as much as a NonBacktracking scan of 8 M chars).</summary>
    public const int DefaultCompiledRegexMinChars = 8 << 20;

    /// <summary>The defaults: every match kept, lines counted, one range per core above 4 M chars.</summary>
    public static GrepScanOptions Default { get; } = new();

    /// <summary>The most matches kept (the first ones in order); all are counted. 0 keeps none.</summary>
    public int MaxKept { get; init; } = int.MaxValue;

    /// <summary>Whether to count line numbers (<see cref="GrepMatch.Line"/>); without it lines are 0.</summary>
    public bool LineNumbers { get; init; } = true;

    /// <summary>Whether to report at most one match per line (the first), like ripgrep's line-oriented output.</summary>
    public bool OneMatchPerLine { get; init; }

    /// <summary>Contexts longer than this are scanned in parallel ranges (when the pattern allows it).</summary>
    public int ParallelMinChars { get; init; } = DefaultParallelMinChars;

    /// <summary>How many ranges to split a long context into.</summary>
    public int Ranges { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Contexts at least this long run a line-local regex through its compiled backtracking twin (<see cref="CompiledRegexCache"/>),
    /// which is several times faster than NonBacktracking once its compile cost is paid. Where NonBacktracking was chosen, the
    /// twin runs under <see cref="RegexMatcher.FallbackTimeout"/> and a block that hits it is searched again with
    /// NonBacktracking, which then finishes the range: never a hang, and the same matches.
    /// </summary>
    public int CompiledRegexMinChars { get; init; } = DefaultCompiledRegexMinChars;

    /// <summary>Chars per block within a range.</summary>
    public int BlockChars { get; init; } = DefaultBlockChars;
}
