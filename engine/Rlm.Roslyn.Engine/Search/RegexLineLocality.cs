namespace Rlm.Roslyn;

/// <summary>
/// Decides, conservatively, whether a regex can only match within one line and only looks at the line it matches in,
/// so the context may be cut at line starts and each piece searched on its own. Anything unsure answers no.
/// </summary>
internal static class RegexLineLocality
{
    // Escapes that can neither match '\n' nor see past the current line: classes, word boundaries, escaped punctuation,
    // tab, and backreferences to groups that are line-local themselves.
    private const string SafeEscapes = "bBdwS.-\\/()[]{}*+?|^$t\"'#:,=!<>@%&~_ 123456789";

    /// <summary>
    /// <see langword="true"/> when no match of <paramref name="pattern"/> (multiline, without Singleline) can hold or
    /// depend on a <c>'\n'</c>: no <c>\n</c>, <c>\s</c>, <c>\W</c>, <c>\D</c>, <c>\p</c>, <c>\x</c>/<c>\u</c> escapes, no
    /// negated class <c>[^...]</c>, no lookaround or inline option <c>(?...)</c> other than <c>(?:</c>, no <c>\A \z \Z \G</c>,
    /// and no raw line break.
    /// </summary>
    /// <param name="pattern">The regex as written.</param>
    public static bool IsLineLocal(string pattern)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\':
                    if (i + 1 >= pattern.Length || !SafeEscapes.Contains(pattern[i + 1], StringComparison.Ordinal))
                    {
                        return false;
                    }

                    i++;
                    break;
                case '[' when i + 1 < pattern.Length && pattern[i + 1] == '^':
                    return false;
                case '(' when i + 1 < pattern.Length && pattern[i + 1] == '?' && (i + 2 >= pattern.Length || pattern[i + 2] != ':'):
                    return false;
                case '\n' or '\r':
                    return false;
                default:
                    break;
            }
        }

        return true;
    }
}
