using System.Globalization;
using System.Text.RegularExpressions;

namespace Rlm.Roslyn.Host.Eval;

/// <summary>Scores answers from 0 to 1, following each family's published scoring.</summary>
internal static partial class EvalScorer
{
    /// <summary>The base of the numeric decay: an answer off by d scores 0.75^d.</summary>
    public const double NumericDecay = 0.75;

    /// <summary>Scores <paramref name="answer"/> against <paramref name="gold"/>.</summary>
    public static double Score(EvalScoring scoring, string gold, string answer)
    {
        ArgumentNullException.ThrowIfNull(gold);
        answer ??= string.Empty;
        return scoring switch
        {
            EvalScoring.Contains => answer.Contains(gold, StringComparison.OrdinalIgnoreCase) ? 1 : 0,
            EvalScoring.Oolong => Oolong(gold, answer),
            EvalScoring.PairsF1 => PairsF1(gold, answer),
            EvalScoring.Choice => string.Equals(ChosenLetter(answer), gold.Trim(), StringComparison.OrdinalIgnoreCase) ? 1 : 0,
            _ => throw new ArgumentOutOfRangeException(nameof(scoring), scoring, "Unknown scoring."),
        };
    }

    /// <summary>
    /// OOLONG scoring: the gold is "Prefix: value". The answer's value is what follows the last occurrence of the
    /// same prefix (or the whole answer when it has none). Numbers score 0.75^|gold - answer|; anything else is an
    /// exact, case-insensitive match once brackets, quotes and a trailing period are removed.
    /// </summary>
    public static double Oolong(string gold, string answer)
    {
        var colon = gold.IndexOf(':', StringComparison.Ordinal);
        var prefix = colon < 0 ? string.Empty : gold[..(colon + 1)];
        var goldValue = Normalize(colon < 0 ? gold : gold[(colon + 1)..]);
        var at = prefix.Length == 0 ? -1 : answer.LastIndexOf(prefix, StringComparison.OrdinalIgnoreCase);
        var answerText = at < 0 ? answer : answer[(at + prefix.Length)..];
        var firstLine = answerText.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? string.Empty;

        if (long.TryParse(goldValue, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var goldNumber) && !prefix.StartsWith("User", StringComparison.OrdinalIgnoreCase))
        {
            var match = Integer().Match(firstLine);
            if (!match.Success || !long.TryParse(match.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                return 0;
            }

            return Math.Pow(NumericDecay, Math.Abs((double)goldNumber - number));
        }

        return string.Equals(Normalize(firstLine), goldValue, StringComparison.OrdinalIgnoreCase) ? 1 : 0;
    }

    /// <summary>F1 over the sets of unordered "(a, b)" pairs; 1 when both gold and answer have none.</summary>
    public static double PairsF1(string gold, string answer)
    {
        var expected = Pairs(gold);
        var actual = Pairs(answer);
        if (expected.Count == 0 && actual.Count == 0)
        {
            return 1;
        }

        var hits = actual.Count(expected.Contains);
        if (hits == 0)
        {
            return 0;
        }

        var precision = (double)hits / actual.Count;
        var recall = (double)hits / expected.Count;
        return 2 * precision * recall / (precision + recall);
    }

    /// <summary>The unordered pairs "(a, b)" in <paramref name="text"/>, each as (min, max).</summary>
    public static HashSet<(long, long)> Pairs(string text)
    {
        var pairs = new HashSet<(long, long)>();
        foreach (Match m in Pair().Matches(text))
        {
            var a = long.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
            var b = long.Parse(m.Groups[2].ValueSpan, CultureInfo.InvariantCulture);
            pairs.Add((Math.Min(a, b), Math.Max(a, b)));
        }

        return pairs;
    }

    /// <summary>
    /// The letter A-D an answer chose: after the last "Answer:" when there is one, else a letter standing alone
    /// ("B", "(B)", "B)", "B."); null when there is none or more than one distinct letter stands alone.
    /// </summary>
    public static string? ChosenLetter(string answer)
    {
        var tagged = AnswerTag().Matches(answer);
        if (tagged.Count > 0)
        {
            return tagged[^1].Groups[1].Value.ToUpperInvariant();
        }

        var letters = LoneLetter().Matches(answer).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();
        return letters.Count == 1 ? letters[0] : null;
    }

    private static string Normalize(string value) =>
        value.Trim().Trim('[', ']', '"', '\'', '`', '*', '.', ' ').Trim();

    [GeneratedRegex(@"-?\d+")]
    private static partial Regex Integer();

    [GeneratedRegex(@"\(\s*(\d{1,18})\s*,\s*(\d{1,18})\s*\)")]
    private static partial Regex Pair();

    [GeneratedRegex(@"(?i:answer)\s*(?i:is)?\s*:?\s*\(?\b([A-D])\b\)?")]
    private static partial Regex AnswerTag();

    [GeneratedRegex(@"(?<![A-Za-z0-9])\(?([A-D])(?:\)|\.|:)?(?![A-Za-z0-9'])")]
    private static partial Regex LoneLetter();
}
