namespace Rlm.Roslyn;

/// <summary>
/// The grep core: finds every match of a literal, several literals or a regex in the context (on all cores for long
/// contexts) and describes the first hits.
/// </summary>
internal static class TextSearch
{
    /// <summary>Searches the whole context for <paramref name="pattern"/>.</summary>
    /// <param name="context">The context to search.</param>
    /// <param name="pattern">A regex (multiline) or, with <see cref="GrepOptions.Literal"/>, plain text; not empty.</param>
    /// <param name="options">How to search.</param>
    /// <param name="cancellationToken">Checked every 1,024 matches and every block of scanned text.</param>
    /// <returns>The first <see cref="GrepOptions.MaxHits"/> hits and the count of all matches.</returns>
    /// <exception cref="ArgumentException">The pattern is empty or not a valid regex.</exception>
    /// <exception cref="TimeoutException">A regex search for the next match ran past <see cref="GrepOptions.RegexTimeout"/>.</exception>
    public static GrepResult Grep(RlmContext context, string pattern, GrepOptions options, CancellationToken cancellationToken = default) =>
        Grep(context, pattern, options, GrepScanOptions.Default, cancellationToken);

    /// <summary>Like <see cref="Grep(RlmContext, string, GrepOptions, CancellationToken)"/>, with the scan's split settings (for tests and benchmarks).</summary>
    public static GrepResult Grep(RlmContext context, string pattern, GrepOptions options, GrepScanOptions scan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();
        return Run(context, pattern, CreateMatcher(pattern, options.Literal, options.IgnoreCase, options.RegexTimeout), options, scan, cancellationToken);
    }

    /// <summary>Searches the whole context for any of <paramref name="literals"/> at once; at one offset the first literal listed wins.</summary>
    /// <param name="context">The context to search.</param>
    /// <param name="literals">Plain texts, at least one, none empty.</param>
    /// <param name="options">How to search (<see cref="GrepOptions.Literal"/> and <see cref="GrepOptions.RegexTimeout"/> are ignored).</param>
    /// <param name="scan">The scan's split settings.</param>
    /// <param name="cancellationToken">Checked every 1,024 matches and every block of scanned text.</param>
    /// <exception cref="ArgumentException">No literals, or a null or empty one.</exception>
    public static GrepResult GrepAny(RlmContext context, IReadOnlyList<string> literals, GrepOptions options, GrepScanOptions? scan = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var matcher = CreateAnyMatcher(literals, options.IgnoreCase);
        cancellationToken.ThrowIfCancellationRequested();
        return Run(context, string.Join(" | ", literals), matcher, options, scan ?? GrepScanOptions.Default, cancellationToken);
    }

    /// <summary>The kernel for one pattern: a literal (ordinal or ignore-case) or an untrusted regex.</summary>
    /// <param name="pattern">The pattern; not empty.</param>
    /// <param name="literal">Whether it is plain text.</param>
    /// <param name="ignoreCase">Whether case is ignored.</param>
    /// <param name="regexTimeout">The regex match timeout.</param>
    /// <exception cref="ArgumentException">The pattern is empty or not a valid regex.</exception>
    public static GrepMatcher CreateMatcher(string pattern, bool literal, bool ignoreCase, TimeSpan regexTimeout)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        return literal
            ? (GrepMatcher?)FusedLiteralMatcher.TryCreate(pattern, ignoreCase) ?? new LiteralMatcher(pattern, ignoreCase)
            : new RegexMatcher(UntrustedRegex.Create(pattern, ignoreCase, regexTimeout), pattern, regexTimeout);
    }

    /// <summary>The kernel for several literals (a single one uses the plain literal kernel).</summary>
    /// <param name="literals">Plain texts, at least one, none empty.</param>
    /// <param name="ignoreCase">Whether case is ignored.</param>
    /// <exception cref="ArgumentException">No literals, or a null or empty one.</exception>
    public static GrepMatcher CreateAnyMatcher(IReadOnlyList<string> literals, bool ignoreCase)
    {
        ArgumentNullException.ThrowIfNull(literals);
        if (literals.Count == 0 || literals.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("Give at least one literal, and no null or empty ones.", nameof(literals));
        }

        return literals.Count == 1
            ? (GrepMatcher?)FusedLiteralMatcher.TryCreate(literals[0], ignoreCase) ?? new LiteralMatcher(literals[0], ignoreCase)
            : new AnyLiteralMatcher([.. literals], ignoreCase);
    }

    private static GrepResult Run(RlmContext context, string pattern, GrepMatcher matcher, GrepOptions options, GrepScanOptions scan, CancellationToken cancellationToken)
    {
        var (matches, total) = GrepScan.Run(context, matcher, scan with { MaxKept = options.MaxHits, LineNumbers = true }, cancellationToken);
        var builder = new GrepHitBuilder(context, options.ContextLines);
        var hits = new GrepHit[matches.Length];
        for (var i = 0; i < matches.Length; i++)
        {
            hits[i] = builder.Build(matches[i]);
        }

        return new GrepResult(pattern, hits, total, options.MaxHits);
    }
}
