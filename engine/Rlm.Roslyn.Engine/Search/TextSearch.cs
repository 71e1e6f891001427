using System.Text.RegularExpressions;

namespace Rlm.Roslyn;

/// <summary>The grep core: finds every match of a literal or regex in the context and describes the first hits.</summary>
internal static class TextSearch
{
    /// <summary>Searches the whole context for <paramref name="pattern"/>.</summary>
    /// <param name="context">The context to search.</param>
    /// <param name="pattern">A regex (multiline) or, with <see cref="GrepOptions.Literal"/>, plain text; not empty.</param>
    /// <param name="options">How to search.</param>
    /// <param name="cancellationToken">Checked every 1,000 matches and every 1 MB of scanned text.</param>
    /// <returns>The first <see cref="GrepOptions.MaxHits"/> hits and the count of all matches.</returns>
    /// <exception cref="ArgumentException">The pattern is empty or not a valid regex.</exception>
    /// <exception cref="TimeoutException">A regex search for the next match ran past <see cref="GrepOptions.RegexTimeout"/>.</exception>
    public static GrepResult Grep(RlmContext context, string pattern, GrepOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();

        var collector = new GrepHitCollector(context, options.MaxHits, cancellationToken);
        if (options.Literal)
        {
            FindLiteral(context.Text.Span, pattern, options.IgnoreCase, collector);
        }
        else
        {
            var regex = UntrustedRegex.Create(pattern, options.IgnoreCase, options.RegexTimeout);
            try
            {
                foreach (var match in regex.EnumerateMatches(context.Text.Span))
                {
                    collector.Add(match.Index, match.Length);
                }
            }
            catch (RegexMatchTimeoutException ex)
            {
                throw UntrustedRegex.TimedOut(pattern, options.RegexTimeout, ex);
            }
        }

        return collector.ToResult(pattern);
    }

    private static void FindLiteral(ReadOnlySpan<char> text, string pattern, bool ignoreCase, GrepHitCollector collector)
    {
        // Ordinal and OrdinalIgnoreCase compare char by char, so a match is always pattern.Length chars long.
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var position = 0;
        while (position <= text.Length - pattern.Length)
        {
            // Search at most ~1 MB at a time so cancellation is seen even when matches are rare.
            var windowEnd = (int)Math.Min((long)position + GrepHitCollector.CancellationCheckChars + pattern.Length - 1, text.Length);
            var found = text[position..windowEnd].IndexOf(pattern, comparison);
            if (found < 0)
            {
                if (windowEnd == text.Length)
                {
                    return;
                }

                position = windowEnd - pattern.Length + 1;
                collector.CheckCancellation(position);
                continue;
            }

            collector.Add(position + found, pattern.Length);
            position += found + pattern.Length;
        }
    }
}
