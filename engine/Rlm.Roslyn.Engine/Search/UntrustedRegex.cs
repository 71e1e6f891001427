using System.Text.RegularExpressions;

namespace Rlm.Roslyn;

/// <summary>
/// Builds regexes from patterns the LM wrote, which are untrusted: the linear-time
/// <see cref="RegexOptions.NonBacktracking"/> engine first, and the backtracking engine with a match timeout
/// only for constructs NonBacktracking does not support (backreferences, lookarounds, atomic groups).
/// </summary>
internal static class UntrustedRegex
{
    /// <summary>The match timeout used when the caller does not give one.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Creates a <see cref="RegexOptions.Multiline"/>, <see cref="RegexOptions.CultureInvariant"/> regex for <paramref name="pattern"/>.
    /// </summary>
    /// <param name="pattern">The pattern as written by the LM.</param>
    /// <param name="ignoreCase">Whether to add <see cref="RegexOptions.IgnoreCase"/>.</param>
    /// <param name="timeout">The match timeout (applies to each search for the next match).</param>
    /// <param name="paramName">The parameter name reported when the pattern is invalid.</param>
    /// <exception cref="ArgumentException">The pattern is empty or invalid; the message holds the .NET parser's explanation.</exception>
    public static Regex Create(string pattern, bool ignoreCase, TimeSpan timeout, string paramName = "pattern")
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern, paramName);
        var options = RegexOptions.Multiline | RegexOptions.CultureInvariant;
        if (ignoreCase)
        {
            options |= RegexOptions.IgnoreCase;
        }

        try
        {
            try
            {
                return new Regex(pattern, options | RegexOptions.NonBacktracking, timeout);
            }
            catch (NotSupportedException)
            {
                return new Regex(pattern, options, timeout);
            }
        }
        catch (RegexParseException ex)
        {
            throw new ArgumentException(
                $"Invalid regular expression /{pattern}/: {ex.Message} To search for the text exactly as written, pass literal: true "
                + "(or escape special characters such as ( ) [ ] { } . * + ? | ^ $ \\ with a backslash).",
                paramName,
                ex);
        }
    }

    /// <summary>The exception to throw when a search with <paramref name="pattern"/> ran past its match timeout.</summary>
    /// <param name="pattern">The pattern as written by the LM.</param>
    /// <param name="timeout">The match timeout that was exceeded.</param>
    /// <param name="inner">The regex engine's timeout exception.</param>
    public static TimeoutException TimedOut(string pattern, TimeSpan timeout, RegexMatchTimeoutException inner) =>
        new(
            $"The regular expression /{pattern}/ did not finish within its {timeout.TotalMilliseconds:0.###} ms match timeout (RegexTimeout). "
            + "It probably backtracks catastrophically: avoid nested quantifiers such as (a+)+ together with backreferences or lookarounds, "
            + "anchor it or add literal text, search for a literal with literal: true, or raise RegexTimeout.",
            inner);
}
