namespace Rlm.Roslyn.Host;

/// <summary>What <c>rlm grep</c> was asked to do, parsed and validated.</summary>
/// <param name="Pattern">The regex, or the literal with <paramref name="FixedStrings"/>.</param>
/// <param name="Paths">Files, folders, or - for standard input.</param>
/// <param name="FixedStrings">-F: the pattern is plain text.</param>
/// <param name="IgnoreCase">-i: letters match regardless of case.</param>
/// <param name="LineNumbers">-n: print line numbers.</param>
/// <param name="Count">-c: print the number of matching lines per document instead of the lines.</param>
/// <param name="MaxLines">--max: the most matching lines reported per file.</param>
/// <param name="Loading">--include/--exclude.</param>
internal sealed record GrepSettings(
    string Pattern,
    IReadOnlyList<string> Paths,
    bool FixedStrings,
    bool IgnoreCase,
    bool LineNumbers,
    bool Count,
    int MaxLines,
    ContextLoadOptions Loading)
{
    private static readonly IReadOnlySet<string> ValueOptions = new HashSet<string>(StringComparer.Ordinal) { "max", "include", "exclude" };

    private static readonly IReadOnlySet<string> FlagOptions = new HashSet<string>(StringComparer.Ordinal)
    {
        "fixed-strings", "ignore-case", "line-number", "count",
    };

    private static readonly Dictionary<char, string> ShortFlags = new()
    {
        ['F'] = "--fixed-strings", ['i'] = "--ignore-case", ['n'] = "--line-number", ['c'] = "--count",
    };

    public static GrepSettings Parse(IReadOnlyList<string> args)
    {
        var parsed = ParsedArguments.Parse(ExpandShortFlags(args), ValueOptions, FlagOptions);
        if (parsed.Positionals.Count == 0 || parsed.Positionals[0].Length == 0)
        {
            throw new UsageException("missing PATTERN: rlm grep PATTERN PATH... (see 'rlm grep --help').");
        }

        if (parsed.Positionals.Count == 1)
        {
            throw new UsageException("missing PATH: give at least one file or folder, or - for standard input.");
        }

        return new GrepSettings(
            parsed.Positionals[0],
            [.. parsed.Positionals.Skip(1)],
            parsed.Has("fixed-strings"),
            parsed.Has("ignore-case"),
            parsed.Has("line-number"),
            parsed.Has("count"),
            parsed.Int("max", 1, int.MaxValue) ?? int.MaxValue,
            new ContextLoadOptions { Include = parsed.Values("include"), Exclude = parsed.Values("exclude") });
    }

    /// <summary>Turns <c>-F -i -n -c</c> (also bundled, as in <c>-in</c>) into their long forms; <c>-</c> and everything after <c>--</c> stay as they are.</summary>
    private static List<string> ExpandShortFlags(IReadOnlyList<string> args)
    {
        var expanded = new List<string>(args.Count);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                expanded.AddRange(args.Skip(i));
                break;
            }

            if (arg.Length < 2 || arg[0] != '-' || arg[1] == '-')
            {
                expanded.Add(arg);
                continue;
            }

            foreach (var flag in arg.AsSpan(1))
            {
                expanded.Add(ShortFlags.TryGetValue(flag, out var longForm)
                    ? longForm
                    : throw new UsageException($"Unknown option -{flag} in '{arg}'. Run 'rlm grep --help' for the options."));
            }
        }

        return expanded;
    }
}
