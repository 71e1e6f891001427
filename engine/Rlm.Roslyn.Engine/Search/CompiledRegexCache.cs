using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Rlm.Roslyn;

/// <summary>
/// The <see cref="RegexOptions.Compiled"/> backtracking twins of regexes, built once per pattern, options and timeout and
/// kept for the process: compiling costs milliseconds, so only scans of long contexts ask for one. At most
/// <see cref="Capacity"/> are kept; past that the cache starts over (compiled regexes are collectible).
/// </summary>
internal static class CompiledRegexCache
{
    /// <summary>The most compiled regexes kept.</summary>
    public const int Capacity = 64;

    private static readonly ConcurrentDictionary<(string Pattern, RegexOptions Options, TimeSpan Timeout), Regex> Cache = new();

    /// <summary>The compiled backtracking regex with <paramref name="source"/>'s pattern and options (but not NonBacktracking) and <paramref name="timeout"/>.</summary>
    /// <param name="source">A valid regex.</param>
    /// <param name="timeout">The match timeout of the compiled regex.</param>
    public static Regex Get(Regex source, TimeSpan timeout)
    {
        var options = (source.Options & ~RegexOptions.NonBacktracking) | RegexOptions.Compiled;
        var key = (source.ToString(), options, timeout);
        if (Cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        if (Cache.Count >= Capacity)
        {
            Cache.Clear();
        }

        return Cache.GetOrAdd(key, k => new Regex(k.Pattern, k.Options, k.Timeout));
    }
}
