namespace Rlm.Roslyn.Host;

/// <summary>
/// When Python typed at the <c>rlm repl</c> prompt is ready to run, by the rule of Python's own REPL: a simple
/// statement runs at once; a block (a line ending in <c>:</c>), an open bracket, an open triple-quoted string or a
/// trailing backslash asks for more, and a block runs after an empty line.
/// </summary>
internal static class PythonBlock
{
    /// <summary>True when <paramref name="code"/> (lines ending in '\n') should run now.</summary>
    /// <param name="code">What was typed so far.</param>
    public static bool IsComplete(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var depth = 0;
        char? quote = null;
        var triple = false;
        var opensBlock = false;
        var lines = code.Split('\n');
        var lastLine = code.EndsWith('\n') ? lines[^2] : lines[^1];
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            if (quote is { } q)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (triple ? c == q && At(code, i, q, 3) : c == q || c == '\n')
                {
                    i += triple ? 2 : 0;
                    quote = null;
                }

                continue;
            }

            switch (c)
            {
                case '#':
                    while (i + 1 < code.Length && code[i + 1] != '\n')
                    {
                        i++;
                    }

                    break;
                case '\'' or '"':
                    triple = At(code, i, c, 3);
                    quote = c;
                    i += triple ? 2 : 0;
                    break;
                case '(' or '[' or '{':
                    depth++;
                    break;
                case ')' or ']' or '}':
                    depth = Math.Max(0, depth - 1);
                    break;
                case ':' when depth == 0 && EndsLine(code, i + 1):
                    opensBlock = true;
                    break;
            }
        }

        if (quote is not null && triple || depth > 0 || lastLine.TrimEnd().EndsWith('\\'))
        {
            return false;
        }

        // A block ends with an empty line; a simple statement is complete as it stands.
        return !opensBlock || string.IsNullOrWhiteSpace(lastLine);
    }

    private static bool At(string code, int i, char c, int count)
    {
        for (var k = 0; k < count; k++)
        {
            if (i + k >= code.Length || code[i + k] != c)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether only blanks and a comment follow <paramref name="i"/> on its line.</summary>
    private static bool EndsLine(string code, int i)
    {
        for (; i < code.Length && code[i] != '\n'; i++)
        {
            if (code[i] == '#')
            {
                return true;
            }

            if (!char.IsWhiteSpace(code[i]))
            {
                return false;
            }
        }

        return true;
    }
}
