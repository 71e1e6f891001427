namespace Rlm.Roslyn.Tests.Search;

public sealed class TextSearchTests
{
    private static readonly GrepOptions Unlimited = new() { MaxHits = int.MaxValue };

    public static TheoryData<int> Seeds() => TestContexts.Seeds();

    private static GrepResult Grep(RlmContext context, string pattern, GrepOptions options) =>
        TextSearch.Grep(context, pattern, options, TestContext.Current.CancellationToken);

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Grep_RandomTextsRegex_MatchesOracle(int seed)
    {
        var random = new Random(seed);
        string[] patterns =
        [
            "needle", "ne+dle", "^hay", "hay$", @"\bNeedle\b", "a|b", @"x\d", "é", @"(a|b)\s", "^$", "b*", @"\r?\n",
            @"needle\s+hay", @"^\s*$", "[A-Z]+", @"(\w)\1",
        ];

        for (var round = 0; round < 8; round++)
        {
            var context = TestContexts.RandomContext(random);
            foreach (var pattern in patterns)
            {
                foreach (var ignoreCase in new[] { false, true })
                {
                    var result = Grep(context, pattern, Unlimited with { IgnoreCase = ignoreCase });

                    var expected = GrepOracle.Regex(context, pattern, ignoreCase);
                    result.Should().Equal(expected, $"pattern /{pattern}/, ignoreCase {ignoreCase}, text \"{context.Text}\"");
                    result.TotalMatches.Should().Be(expected.Count);
                    result.Truncated.Should().BeFalse();
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Grep_RandomTextsLiteral_MatchesOracle(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 8; round++)
        {
            var context = TestContexts.RandomContext(random);
            foreach (var needle in new[] { "needle", "a", "\n", "\r\n", "ab a", "é", "hay\nhay" })
            {
                foreach (var ignoreCase in new[] { false, true })
                {
                    var result = Grep(context, needle, Unlimited with { Literal = true, IgnoreCase = ignoreCase });

                    var expected = GrepOracle.Literal(context, needle, ignoreCase);
                    result.Should().Equal(expected, $"needle \"{needle}\", ignoreCase {ignoreCase}");
                    result.TotalMatches.Should().Be(expected.Count);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Grep_RandomTextsWithCap_KeepsFirstHitsAndCountsAll(int seed)
    {
        var random = new Random(seed);
        var context = TestContexts.RandomContext(random, maxTokens: 2000);
        var maxHits = random.Next(1, 50);

        var result = Grep(context, "a|b", new GrepOptions { MaxHits = maxHits });

        var expected = GrepOracle.Regex(context, "a|b");
        result.Should().Equal(expected.Take(maxHits));
        result.TotalMatches.Should().Be(expected.Count);
        result.Truncated.Should().Be(expected.Count > maxHits);
    }

    [Fact]
    public void Grep_LiteralAroundScanWindowBoundaries_FindsEveryMatch()
    {
        // The literal scan works in windows of 2^20 + 5 chars from the end of the last match (or from the start);
        // each needle here straddles the end of a window that holds no match.
        var chars = new string('.', 4 << 20).ToCharArray();
        int[] offsets = [(1 << 20) + 2, (2 << 20) + 10, (3 << 20) + 18, chars.Length - 6];
        foreach (var offset in offsets)
        {
            "needle".CopyTo(0, chars, offset, 6);
        }

        chars[1_500_000] = '\n';
        var context = RlmContext.FromString(new string(chars));

        var exact = Grep(context, "needle", GrepOptions.Default with { Literal = true });
        var ignoringCase = Grep(context, "NEEDLE", GrepOptions.Default with { Literal = true, IgnoreCase = true });

        exact.Select(h => h.Offset).Should().Equal(offsets);
        exact.Should().Equal(GrepOracle.Literal(context, "needle"));
        ignoringCase.Should().Equal(GrepOracle.Literal(context, "NEEDLE", ignoreCase: true));
    }

    [Fact]
    public void Grep_NeedlesAtVeryStartAndEnd_FindsBothWithoutTrailingNewline()
    {
        var context = RlmContext.FromString("xy one\r\ntwo\r\n\r\nthree xy", "f.txt");

        var result = Grep(context, "xy", GrepOptions.Default with { Literal = true });

        result.Should().Equal(
            new GrepHit(0, 1, 1, "f.txt", "xy", "xy one"),
            new GrepHit(context.Length - 2, 4, 7, "f.txt", "xy", "three xy"));
        result.ToString().Should().Be("f.txt:1:1: xy one\nf.txt:4:7: three xy");
    }

    [Fact]
    public void Grep_CrLfLines_LineTextExcludesCarriageReturn()
    {
        var context = RlmContext.FromString("alpha\r\nbeta\r\n");

        var hit = Grep(context, "beta", GrepOptions.Default).Single();

        hit.LineText.Should().Be("beta");
        hit.Line.Should().Be(2);
    }

    [Fact]
    public void Grep_SeveralDocuments_LineNumbersRestartPerDocument()
    {
        var context = TestContexts.Build(("a.txt", "x\nfind me"), ("b.txt", "find me\n"), ("c.txt", "\n\nfind me"));

        var result = Grep(context, "find", GrepOptions.Default);

        result.Select(h => (h.Document, h.Line, h.Column)).Should().Equal(("a.txt", 2, 1), ("b.txt", 1, 1), ("c.txt", 3, 1));
    }

    [Fact]
    public void Grep_NoDocuments_LinesCountFromContextStartAndDocumentIsNull()
    {
        var context = TestContexts.WithoutDocuments("a\nb\nc b");

        var result = Grep(context, "b", GrepOptions.Default);

        result.Select(h => (h.Document, h.Line, h.Column)).Should().Equal((null, 2, 1), ((string?)null, 3, 3));
        result[1].ToString().Should().Be("3:3: c b");
    }

    [Fact]
    public void Grep_MatchOnSeparatorBetweenDocuments_BelongsToDocumentBefore()
    {
        var context = TestContexts.Build(("a.txt", "one"), ("b.txt", "two"));

        var hit = Grep(context, "\n", GrepOptions.Default with { Literal = true }).Single();

        hit.Should().Be(new GrepHit(3, 1, 4, "a.txt", "\n", "one"));
    }

    [Fact]
    public void Grep_MoreMatchesThanMaxHits_TruncatesCountsAllAndSaysSo()
    {
        var context = RlmContext.FromString(string.Concat(Enumerable.Repeat("hit\n", 2234)));

        var result = Grep(context, "hit", GrepOptions.Default);

        result.Should().HaveCount(1000);
        result.TotalMatches.Should().Be(2234);
        result.Truncated.Should().BeTrue();
        result[999].Line.Should().Be(1000);
        result.ToString().Split('\n')[^1].Should().Be("... 1,234 more matches not shown (MaxHits 1,000)");
    }

    [Fact]
    public void Grep_NoMatches_ToStringSaysSo()
    {
        var result = Grep(RlmContext.FromString("abc"), "x+y", GrepOptions.Default);

        result.Should().BeEmpty();
        result.TotalMatches.Should().Be(0);
        result.Pattern.Should().Be("x+y");
        result.ToString().Should().Be("No matches for /x+y/.");
    }

    [Fact]
    public void Grep_LiteralIgnoreCase_FindsEveryCasing()
    {
        var context = RlmContext.FromString("Error error ERROR eRrOr errors");

        var result = Grep(context, "error", GrepOptions.Default with { Literal = true, IgnoreCase = true });

        result.Select(h => h.Match).Should().Equal("Error", "error", "ERROR", "eRrOr", "error");
    }

    [Fact]
    public void Grep_LiteralWithRegexMetacharacters_MatchesTextAsWritten()
    {
        var context = RlmContext.FromString("call f(a.b) and f(axb)");

        var result = Grep(context, "f(a.b)", GrepOptions.Default with { Literal = true });

        result.Single().Offset.Should().Be(5);
    }

    [Fact]
    public void Grep_InvalidRegex_ThrowsArgumentExceptionWithParserMessageAndLiteralHint()
    {
        var parserMessage = "";
        try
        {
            _ = new System.Text.RegularExpressions.Regex("f(x");
        }
        catch (ArgumentException ex)
        {
            parserMessage = ex.Message;
        }

        var act = () => Grep(RlmContext.FromString("f(x)"), "f(x", GrepOptions.Default);

        act.Should().Throw<ArgumentException>()
            .Which.Message.Should().Contain(parserMessage).And.Contain("literal: true");
    }

    [Fact]
    public void Grep_EmptyPattern_ThrowsArgumentException()
    {
        var act = () => Grep(RlmContext.FromString("abc"), "", GrepOptions.Default);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Grep_BackreferencePattern_FallsBackToBacktrackingAndFinds()
    {
        var context = RlmContext.FromString("the the cat\nsat sat\nno repeat");

        var result = Grep(context, @"\b(\w+) \1\b", GrepOptions.Default);

        result.Select(h => (h.Line, h.Match)).Should().Equal((1, "the the"), (2, "sat sat"));
    }

    [Fact]
    public void Grep_LookbehindPattern_FallsBackToBacktrackingAndFinds()
    {
        var context = RlmContext.FromString("price: $12, cost: $7");

        var result = Grep(context, @"(?<=\$)\d+", GrepOptions.Default);

        result.Select(h => h.Match).Should().Equal("12", "7");
    }

    [Fact]
    public void Grep_ZeroLengthMatches_CountsEachPositionOnceAndTerminates()
    {
        var context = RlmContext.FromString("ab\ncd");

        var result = Grep(context, "x*", GrepOptions.Default);

        result.Select(h => h.Offset).Should().Equal(0, 1, 2, 3, 4, 5);
        result.Select(h => (h.Line, h.Column)).Should().Equal((1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3));
        result.Should().OnlyContain(h => h.Match.Length == 0);
    }

    [Fact]
    public void Grep_NestedQuantifierOnLongRun_ReturnsCorrectResult()
    {
        var run = new string('a', 30_000);
        var context = RlmContext.FromString(run + "b\n" + "aaa");

        var result = Grep(context, "(a+)+$", GrepOptions.Default);

        result.Single().Should().Be(new GrepHit(30_002, 2, 1, "context", "aaa", "aaa"));
    }

    [Fact]
    public void Grep_CatastrophicBacktrackingPattern_ThrowsTimeoutExceptionNamingPattern()
    {
        var context = RlmContext.FromString(new string('a', 30_000) + "!");

        var act = () => Grep(context, @"(a+)+\1$", GrepOptions.Default with { RegexTimeout = TimeSpan.FromMilliseconds(10) });

        act.Should().Throw<TimeoutException>()
            .Which.Message.Should().Contain(@"/(a+)+\1$/").And.Contain("RegexTimeout").And.Contain("literal: true");
    }

    [Fact]
    public void Grep_CancelledToken_ThrowsOperationCanceledException()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        var act = () => TextSearch.Grep(RlmContext.FromString("abc"), "b", GrepOptions.Default, cts.Token);

        act.Should().Throw<OperationCanceledException>();
    }

    [Fact]
    public void Grep_CancelledDuringLongLiteralScan_ThrowsOperationCanceledException()
    {
        using var cts = new CancellationTokenSource();
        var context = RlmContext.FromString(new string('a', 3 << 20));
        cts.Cancel();

        var act = () => TextSearch.Grep(context, "a", GrepOptions.Default with { Literal = true }, cts.Token);

        act.Should().Throw<OperationCanceledException>();
    }

    [Fact]
    public void Grep_SeveralHitsOnOneLine_ShareOneLineTextString()
    {
        var context = RlmContext.FromString("x x x\nx");

        var result = Grep(context, "x", GrepOptions.Default);

        result.Should().HaveCount(4);
        ReferenceEquals(result[0].LineText, result[2].LineText).Should().BeTrue();
        result[3].LineText.Should().Be("x");
    }
}
