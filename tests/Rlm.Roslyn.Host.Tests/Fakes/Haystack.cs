using System.Text;

namespace Rlm.Roslyn.Host.Tests.Fakes;

/// <summary>
/// Deterministic English-like filler text (a seeded <see cref="Random"/> over a fixed vocabulary, ASCII only, '\n' line
/// ends) with one planted needle line, for needle-in-a-haystack runs over multi-megabyte contexts.
/// </summary>
internal static class Haystack
{
    private static readonly string[] Words =
    [
        "the", "a", "of", "and", "to", "in", "river", "morning", "council", "harvest", "lantern", "quietly", "across",
        "market", "winter", "letters", "bridge", "north", "garden", "engine", "pages", "carried", "before", "under",
        "mountain", "village", "old", "new", "small", "bright", "slowly", "road", "station", "report", "weather",
        "clock", "window", "table", "orchard", "ledger", "captain", "silver", "copper", "forest", "meeting", "travelers",
        "whispered", "counted", "followed", "painted", "through", "between", "after", "while", "evening", "tower",
    ];

    /// <summary>
    /// Builds about <paramref name="targetChars"/> chars of filler lines with <paramref name="needleLine"/> planted as
    /// line <paramref name="needleLineNumber"/> (1-based). The text ends with a line break.
    /// </summary>
    public static string Build(int targetChars, int seed, string needleLine, int needleLineNumber)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(needleLineNumber, 1);
        var random = new Random(seed);
        var text = new StringBuilder(targetChars + 200);
        var line = 0;
        while (text.Length < targetChars || line < needleLineNumber)
        {
            line++;
            if (line == needleLineNumber)
            {
                text.Append(needleLine).Append('\n');
                continue;
            }

            var count = random.Next(6, 18);
            for (var i = 0; i < count; i++)
            {
                var word = Words[random.Next(Words.Length)];
                text.Append(i == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word);
                text.Append(i == count - 1 ? ".\n" : random.Next(12) == 0 ? ", " : " ");
            }
        }

        return text.ToString();
    }
}
