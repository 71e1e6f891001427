using System.Globalization;

namespace Rlm.Roslyn;

/// <summary>Shortens snippet output for the LM: keeps the head and the tail, and says in the middle how much was cut.</summary>
internal static class OutputTruncator
{
    /// <summary>The smallest budget <see cref="Truncate"/> accepts.</summary>
    public const int MinMaxChars = 100;

    /// <summary>Returns <paramref name="text"/> unchanged when it has at most <paramref name="maxChars"/> chars; otherwise its head, a marker line and its tail.</summary>
    /// <param name="text">The output to shorten.</param>
    /// <param name="maxChars">The budget of kept chars, at least <see cref="MinMaxChars"/>.</param>
    /// <returns>
    /// When cut: <c>head + CutMarker(cut, text.Length) + tail</c>, where <c>head</c> is a prefix and <c>tail</c> a
    /// suffix of <paramref name="text"/>, <c>head.Length + tail.Length &lt;= maxChars</c> (so the result has at
    /// most <c>maxChars</c> plus the marker's length chars) and <c>cut = text.Length - head.Length - tail.Length</c>.
    /// The head gets 60% of the budget and the tail the rest. Each is shortened to a line boundary when a
    /// <c>'\n'</c> lies within 10% of its budget from the cut (the head then ends before that <c>'\n'</c>, the
    /// tail starts after it; the marker brings its own line breaks). Neither splits a surrogate pair.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxChars"/> is less than <see cref="MinMaxChars"/>.</exception>
    public static string Truncate(string text, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, MinMaxChars);
        if (text.Length <= maxChars)
        {
            return text;
        }

        var headBudget = (int)(maxChars * 6L / 10);
        var headEnd = HeadEnd(text, headBudget);
        var tailStart = TailStart(text, maxChars - headBudget);
        return string.Concat(text.AsSpan(0, headEnd), CutMarker(tailStart - headEnd, text.Length), text.AsSpan(tailStart));
    }

    /// <summary>The marker line put where text was cut, e.g. <c>"\n... [12,345 of 40,000 chars cut; print less, or slice and summarize] ...\n"</c>.</summary>
    /// <param name="cutChars">How many chars were cut.</param>
    /// <param name="totalChars">The length of the whole text.</param>
    public static string CutMarker(int cutChars, int totalChars) =>
        string.Create(CultureInfo.InvariantCulture, $"\n... [{cutChars:N0} of {totalChars:N0} chars cut; print less, or slice and summarize] ...\n");

    /// <summary>Where the head ends: at most <paramref name="budget"/>; requires <c>budget &lt; text.Length</c>.</summary>
    private static int HeadEnd(string text, int budget)
    {
        var slack = budget / 10;
        var from = budget - slack;

        // A '\n' right at index budget is a clean cut too: the head keeps [0, budget).
        var newline = text.AsSpan(from, slack + 1).LastIndexOf('\n');
        if (newline >= 0)
        {
            return from + newline;
        }

        return char.IsHighSurrogate(text[budget - 1]) && char.IsLowSurrogate(text[budget]) ? budget - 1 : budget;
    }

    /// <summary>Where the tail starts: at least <c>text.Length - budget</c>; requires <c>budget &lt; text.Length</c>.</summary>
    private static int TailStart(string text, int budget)
    {
        var start = text.Length - budget;
        var slack = budget / 10;

        // A '\n' right before index start is a clean cut too: the tail keeps [start, text.Length).
        var newline = text.AsSpan(start - 1, slack + 1).IndexOf('\n');
        if (newline >= 0)
        {
            return start + newline;
        }

        return char.IsHighSurrogate(text[start - 1]) && char.IsLowSurrogate(text[start]) ? start + 1 : start;
    }
}
