using System.Globalization;

namespace Rlm.Roslyn.Host.Eval;

/// <summary>Token arithmetic of the harness: approximate tokens of 4 chars (the engine's <see cref="Partitioner.CharsPerToken"/>) and lengths like 8K or 1M.</summary>
internal static class EvalTokens
{
    /// <summary>Chars per approximate token.</summary>
    public const int CharsPerToken = Partitioner.CharsPerToken;

    /// <summary>The largest length accepted: 16M tokens (64M chars).</summary>
    public const int MaxLength = 16 << 20;

    /// <summary>Approximate tokens in <paramref name="chars"/> chars, rounded up.</summary>
    public static int FromChars(long chars) => (int)Math.Min(int.MaxValue, (chars + CharsPerToken - 1) / CharsPerToken);

    /// <summary>Chars in <paramref name="tokens"/> approximate tokens.</summary>
    public static int ToChars(int tokens) => (int)Math.Min(int.MaxValue, (long)tokens * CharsPerToken);

    /// <summary>Parses a token count: digits with an optional K (×1,024) or M (×1,048,576) suffix, so 128K is 131,072 and 1M is 1,048,576.</summary>
    public static bool TryParse(string text, out int tokens)
    {
        tokens = 0;
        var s = text.Trim();
        long multiplier = 1;
        if (s.EndsWith('K') || s.EndsWith('k'))
        {
            multiplier = 1024;
            s = s[..^1];
        }
        else if (s.EndsWith('M') || s.EndsWith('m'))
        {
            multiplier = 1024 * 1024;
            s = s[..^1];
        }

        if (!long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        var total = value * multiplier;
        if (total < 1 || total > MaxLength)
        {
            return false;
        }

        tokens = (int)total;
        return true;
    }

    /// <summary>Formats a token count the way <see cref="TryParse"/> reads it: 131072 → 128K, 1048576 → 1M, 1000 → 1000.</summary>
    public static string Format(int tokens) =>
        tokens % (1024 * 1024) == 0 ? string.Create(CultureInfo.InvariantCulture, $"{tokens / (1024 * 1024)}M")
        : tokens % 1024 == 0 ? string.Create(CultureInfo.InvariantCulture, $"{tokens / 1024}K")
        : tokens.ToString(CultureInfo.InvariantCulture);
}
