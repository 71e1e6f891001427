using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Rlm.Roslyn.Tests.Loop.Parsing;

public sealed partial class OutputTruncatorTests
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [Theory]
    [InlineData("")]
    [InlineData("short output\n")]
    public void Truncate_TextFits_ReturnsItUnchanged(string text)
    {
        OutputTruncator.Truncate(text, 100).Should().BeSameAs(text);
    }

    [Fact]
    public void Truncate_TextOfExactlyMaxChars_ReturnsItUnchanged()
    {
        var text = new string('x', 500);

        OutputTruncator.Truncate(text, 500).Should().BeSameAs(text);
    }

    [Fact]
    public void Truncate_LongTextWithoutNewlines_KeepsSixtyPercentHeadAndFortyPercentTail()
    {
        var text = new string('h', 20_000) + new string('t', 20_000);

        var result = OutputTruncator.Truncate(text, 1000);

        result.Should().Be(
            new string('h', 600)
            + "\n... [39,000 of 40,000 chars cut; print less, or slice and summarize] ...\n"
            + new string('t', 400));
    }

    [Fact]
    public void Truncate_NewlinesNearTheCuts_CutsAtLineBoundaries()
    {
        // 1,000 lines of 10 chars: "line 0000\n" ... "line 0999\n".
        var text = string.Concat(Enumerable.Range(0, 1000).Select(i => $"line {i:D4}\n"));

        // Head budget 603: the last '\n' in [543, 603] is at 599. Tail budget 402 from 9,598: the first '\n' in [9,597, 9,638] is at 9,599.
        var result = OutputTruncator.Truncate(text, 1005);

        var head = text[..599];
        var tail = text[9600..];
        head.Should().EndWith("line 0059");
        tail.Should().StartWith("line 0960\n");
        result.Should().Be(head + OutputTruncator.CutMarker(10_000 - 599 - 400, 10_000) + tail);
        result.Should().Contain("\n... [9,001 of 10,000 chars cut; print less, or slice and summarize] ...\n");
    }

    [Fact]
    public void Truncate_NoNewlineWithinTenPercentOfTheCut_CutsMidLine()
    {
        // Lines of 500 chars: no '\n' within 60 chars before index 600 nor within 40 chars after index length - 400.
        var text = string.Concat(Enumerable.Range(0, 20).Select(i => new string((char)('a' + i), 499) + "\n"));

        var result = OutputTruncator.Truncate(text, 1000);

        result.Should().Be(text[..600] + OutputTruncator.CutMarker(text.Length - 1000, text.Length) + text[^400..]);
    }

    [Fact]
    public void Truncate_CutWouldSplitSurrogatePairs_KeepsPairsWhole()
    {
        // "a" then 1,000 emoji: high surrogates at odd indices, so both budget cuts (60 and 2,001 - 41) fall inside a pair.
        var text = "a" + string.Concat(Enumerable.Repeat("\U0001F600", 1000));

        var result = OutputTruncator.Truncate(text, 101);

        var act = () => StrictUtf8.GetByteCount(result);
        act.Should().NotThrow("no surrogate may be left alone");
        result.Should().Be(text[..59] + OutputTruncator.CutMarker(text.Length - 59 - 40, text.Length) + text[^40..]);
    }

    [Fact]
    public void Truncate_LengthContract_KeptCharsNeverExceedMaxChars()
    {
        var text = new string('x', 123_456);

        var result = OutputTruncator.Truncate(text, 20_000);

        var marker = OutputTruncator.CutMarker(123_456 - 20_000, 123_456);
        result.Length.Should().Be(20_000 + marker.Length);
        result.Should().Contain(marker);
    }

    [Fact]
    public void Truncate_AnyCulture_FormatsCountsWithInvariantSeparators()
    {
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");

            OutputTruncator.Truncate(new string('x', 40_000), 1000).Should().Contain("[39,000 of 40,000 chars cut;");
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Theory]
    [InlineData(99)]
    [InlineData(0)]
    [InlineData(-1)]
    public void Truncate_MaxCharsBelowMinimum_Throws(int maxChars)
    {
        var act = () => OutputTruncator.Truncate("text", maxChars);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(nameof(maxChars));
    }

    [Fact]
    public void Truncate_NullText_Throws()
    {
        var act = () => OutputTruncator.Truncate(null!, 100);

        act.Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void Truncate_RandomTextsAndBudgets_KeepsTheContract()
    {
        for (var seed = 0; seed < 2000; seed++)
        {
            var random = new Random(seed);
            var text = RandomText(random, random.Next(0, 6000));
            var maxChars = random.Next(OutputTruncator.MinMaxChars, 3000);
            var because = $"seed {seed}, {text.Length} chars, max {maxChars}";

            var result = OutputTruncator.Truncate(text, maxChars);

            if (text.Length <= maxChars)
            {
                result.Should().BeSameAs(text, because);
                continue;
            }

            var match = CutMarkerPattern().Match(result);
            match.Success.Should().BeTrue(because);
            var head = result[..match.Index];
            var tail = result[(match.Index + match.Length)..];
            var cut = int.Parse(match.Groups["cut"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
            var total = int.Parse(match.Groups["total"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

            text.Should().StartWith(head, because);
            text.Should().EndWith(tail, because);
            total.Should().Be(text.Length, because);
            cut.Should().Be(text.Length - head.Length - tail.Length, because);
            (head.Length + tail.Length).Should().BeLessThanOrEqualTo(maxChars, because);
            result.Length.Should().BeLessThanOrEqualTo(maxChars + match.Length, because);
            match.Value.Should().Be(OutputTruncator.CutMarker(cut, total), because);

            var headBudget = maxChars * 6 / 10;
            var tailBudget = maxChars - headBudget;
            head.Length.Should().BeInRange(headBudget - (headBudget / 10), headBudget, because);
            tail.Length.Should().BeInRange(tailBudget - (tailBudget / 10), tailBudget, because);
            if (text.AsSpan(headBudget - (headBudget / 10), (headBudget / 10) + 1).Contains('\n'))
            {
                text[head.Length].Should().Be('\n', because + ": the head ends at a line end");
            }

            if (text.AsSpan(text.Length - tailBudget - 1, (tailBudget / 10) + 1).Contains('\n'))
            {
                text[text.Length - tail.Length - 1].Should().Be('\n', because + ": the tail starts a line");
            }

            var act = () => StrictUtf8.GetByteCount(result);
            act.Should().NotThrow(because + ": no surrogate pair is split");
        }
    }

    private static string RandomText(Random random, int pieces)
    {
        var text = new StringBuilder();
        for (var i = 0; i < pieces; i++)
        {
            var roll = random.Next(100);
            text.Append(roll switch
            {
                < 3 => "\n",
                < 8 => "\U0001F600",
                < 15 => " ",
                _ => ((char)('a' + random.Next(26))).ToString(),
            });
        }

        return text.ToString();
    }

    [GeneratedRegex(@"\n\.\.\. \[(?<cut>[\d,]+) of (?<total>[\d,]+) chars cut; print less, or slice and summarize\] \.\.\.\n")]
    private static partial Regex CutMarkerPattern();
}
