using System.Text;
using System.Text.RegularExpressions;

namespace Rlm.Roslyn.Tests.Search;

/// <summary>The parallel scan and its blocks against the BCL oracle, with tiny ranges and blocks so small inputs cross every boundary.</summary>
public sealed class ParallelGrepTests
{
    private static readonly GrepOptions Unlimited = new() { MaxHits = int.MaxValue };

    private static readonly string[] Tokens =
        ["needle", "Needle", "NEEDLE", "hay", "a", "b", "ab", " ", "\n", "\n", "\r\n", "\n\n", "1234567", "12", "é", "😀", "ne", "edle", "\t", "\r"];

    public static TheoryData<int> Seeds() => new(Enumerable.Range(1, 40));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Grep_TinyRangesAndBlocks_MatchesOracle(int seed)
    {
        var random = new Random(seed);
        string[] regexes =
        [
            "needle", @"\b[0-9]{7}\b", "^hay", "hay$", "^$", "a|b", "x*", @"\d+", "😀", "[A-Z]+", @"(\w)\1", ".",
            @"\s+", @"hay\r?\n", @"[^a]+", @"(?<=a)b", @"\Aneedle", @"needle\z",
        ];
        string[] literals = ["needle", "a", "é", "😀", "\n", "\r\n", "hay\nhay", "ab a"];

        for (var round = 0; round < 6; round++)
        {
            var context = RandomContext(random);
            var scan = RandomSplit(random);
            foreach (var ignoreCase in new[] { false, true })
            {
                foreach (var pattern in regexes)
                {
                    var result = TextSearch.Grep(context, pattern, Unlimited with { IgnoreCase = ignoreCase }, scan, TestContext.Current.CancellationToken);

                    var expected = GrepOracle.Regex(context, pattern, ignoreCase);
                    result.Should().Equal(expected, $"/{pattern}/ ignoreCase {ignoreCase}, {scan}, text \"{context.Text}\"");
                    result.TotalMatches.Should().Be(expected.Count);
                }

                foreach (var needle in literals)
                {
                    var result = TextSearch.Grep(context, needle, Unlimited with { Literal = true, IgnoreCase = ignoreCase }, scan, TestContext.Current.CancellationToken);

                    result.Should().Equal(GrepOracle.Literal(context, needle, ignoreCase), $"\"{needle}\" ignoreCase {ignoreCase}, {scan}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void GrepAny_TinyRangesAndBlocks_MatchesEscapedAlternation(int seed)
    {
        var random = new Random(seed);
        string[][] sets = [["needle", "hay"], ["ne", "needle", "edle"], ["a", "ab", "b"], ["😀", "é", "1234567"], ["hay\nhay", "a"]];
        for (var round = 0; round < 6; round++)
        {
            var context = RandomContext(random);
            var scan = RandomSplit(random);
            foreach (var set in sets)
            {
                foreach (var ignoreCase in new[] { false, true })
                {
                    var result = TextSearch.GrepAny(context, set, Unlimited with { IgnoreCase = ignoreCase }, scan, TestContext.Current.CancellationToken);

                    var expected = GrepOracle.Regex(context, string.Join('|', set.Select(Regex.Escape)), ignoreCase);
                    result.Should().Equal(expected, $"[{string.Join(", ", set)}] ignoreCase {ignoreCase}, {scan}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Grep_TinyRangesWithCap_KeepsFirstHitsInOrderAndCountsAll(int seed)
    {
        var random = new Random(seed);
        var context = RandomContext(random, maxTokens: 1500);
        var scan = RandomSplit(random);
        var maxHits = random.Next(1, 60);

        foreach (var (pattern, literal) in new[] { ("a", true), ("a|b", false), (@"\n", false) })
        {
            var result = TextSearch.Grep(context, pattern, new GrepOptions { Literal = literal, MaxHits = maxHits }, scan, TestContext.Current.CancellationToken);

            var expected = literal ? GrepOracle.Literal(context, pattern) : GrepOracle.Regex(context, pattern);
            result.Should().Equal(expected.Take(maxHits), $"{pattern}, {scan}");
            result.TotalMatches.Should().Be(expected.Count);
            result.Truncated.Should().Be(expected.Count > maxHits);
        }
    }

    [Fact]
    public void Grep_NeedlesAtEveryRangeEdge_FindsAllWithRightLines()
    {
        // Lines of 9 chars; needles first and last on the lines around each split point.
        var lines = Enumerable.Range(0, 400).Select(i => i.ToString("D8", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var text = string.Join('\n', lines);
        var scan = new GrepScanOptions { ParallelMinChars = 0, Ranges = 7, BlockChars = 50 };
        var splits = GrepScan.Split(text, scan);
        splits.Should().HaveCount(7);
        var chars = text.ToCharArray();
        foreach (var (start, end) in splits)
        {
            "NE".CopyTo(0, chars, start, 2);
            if (end < chars.Length)
            {
                "ED".CopyTo(0, chars, end - 3, 2);
            }
        }

        chars[^2] = 'E';
        chars[^1] = 'D';
        var context = RlmContext.FromString(new string(chars), "n.txt");

        foreach (var pattern in new[] { "NE", "ED", "^NE", "ED$" })
        {
            var parallel = TextSearch.Grep(context, pattern, Unlimited, scan, TestContext.Current.CancellationToken);

            parallel.Should().Equal(GrepOracle.Regex(context, pattern));
            parallel.Should().HaveCount(7);
        }
    }

    [Fact]
    public void Grep_ManyDocumentsAcrossRanges_LineNumbersRestartPerDocument()
    {
        var random = new Random(5);
        var documents = Enumerable.Range(0, 60).Select(_ => RandomText(random, random.Next(0, 40))).ToArray();
        var context = TestContexts.Build(documents);
        var scan = new GrepScanOptions { ParallelMinChars = 0, Ranges = 5, BlockChars = 16 };

        var result = TextSearch.Grep(context, "needle|a", Unlimited, scan, TestContext.Current.CancellationToken);

        result.Should().Equal(GrepOracle.Regex(context, "needle|a"));
    }

    [Fact]
    public void Grep_ContextLines_AttachesLinesWithinTheDocument()
    {
        var context = TestContexts.Build(("a.txt", "one\r\ntwo\nthree hit\nfour\n"), ("b.txt", "hit\nsix"));

        var result = TextSearch.Grep(context, "hit", new GrepOptions { Literal = true, ContextLines = 2 }, TestContext.Current.CancellationToken);

        result[0].Before.Should().Equal("one", "two");
        result[0].After.Should().Equal("four");
        result[1].Before.Should().BeEmpty();
        result[1].After.Should().Equal("six");
        result.ToString().Should().Be(
            "a.txt-1- one\na.txt-2- two\na.txt:3:7: three hit\na.txt-4- four\n--\nb.txt:1:1: hit\nb.txt-2- six");
    }

    [Fact]
    public void Grep_OneMatchPerLine_ReportsFirstMatchOfEachMatchingLine()
    {
        var random = new Random(11);
        var context = RandomContext(random, maxTokens: 2000);
        var scan = new GrepScanOptions { ParallelMinChars = 0, Ranges = 3, BlockChars = 10, OneMatchPerLine = true };

        foreach (var (pattern, literal) in new[] { ("a", true), ("needle", true), ("a|b", false), (@"\d+", false) })
        {
            var matcher = TextSearch.CreateMatcher(pattern, literal, ignoreCase: false, TimeSpan.FromSeconds(5));
            var (matches, total) = GrepScan.Run(context, matcher, scan, TestContext.Current.CancellationToken);

            var expected = (literal ? GrepOracle.Literal(context, pattern) : GrepOracle.Regex(context, pattern))
                .DistinctBy(h => (h.Document, h.Line)).ToList();
            matches.Select(m => (m.Offset, m.Line)).Should().Equal(expected.Select(h => (h.Offset, h.Line)), pattern);
            total.Should().Be(expected.Count);
        }
    }

    [Fact]
    public void Grep_CatastrophicPatternOnParallelRanges_ThrowsTimeoutException()
    {
        var context = RlmContext.FromString(string.Concat(Enumerable.Repeat(new string('a', 3000) + "!\n", 20)));
        var scan = new GrepScanOptions { ParallelMinChars = 0, Ranges = 2 };

        var act = () => TextSearch.Grep(context, @"(a+)+\1$", GrepOptions.Default with { RegexTimeout = TimeSpan.FromMilliseconds(20) }, scan, TestContext.Current.CancellationToken);

        act.Should().Throw<TimeoutException>().Which.Message.Should().Contain("RegexTimeout");
    }

    [Fact]
    public void Grep_CancelledDuringParallelScan_ThrowsOperationCanceledException()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var context = RlmContext.FromString(string.Concat(Enumerable.Repeat("abc\n", 10_000)));
        var scan = new GrepScanOptions { ParallelMinChars = 0, Ranges = 4 };

        var act = () => TextSearch.Grep(context, "b", GrepOptions.Default with { Literal = true }, scan, cts.Token);

        act.Should().Throw<OperationCanceledException>();
    }

    [Theory]
    [InlineData(@"\b[0-9]{7}\b", true)]
    [InlineData(@"needle\.\w+ (a|b)*", true)]
    [InlineData(@"(\w)\1", true)]
    [InlineData(@"(?:ab)+", true)]
    [InlineData(@"a\sb", false)]
    [InlineData(@"a\nb", false)]
    [InlineData(@"[^x]+", false)]
    [InlineData(@"(?=a)", false)]
    [InlineData(@"(?s).", false)]
    [InlineData(@"\W", false)]
    [InlineData(@"\p{L}", false)]
    [InlineData(@"\x0a", false)]
    [InlineData(@"a\z", false)]
    [InlineData("a\\", false)]
    public void IsLineLocal_Patterns_AnswersConservatively(string pattern, bool expected)
    {
        RegexLineLocality.IsLineLocal(pattern).Should().Be(expected);
    }

    private static GrepScanOptions RandomSplit(Random random) => new()
    {
        ParallelMinChars = 0,
        Ranges = random.Next(1, 6),
        BlockChars = random.Next(4) switch { 0 => 1, 1 => random.Next(2, 12), 2 => random.Next(12, 200), _ => 1 << 16 },
    };

    private static RlmContext RandomContext(Random random, int maxTokens = 300)
    {
        if (random.Next(6) == 0)
        {
            return TestContexts.WithoutDocuments(RandomText(random, random.Next(maxTokens)));
        }

        var documents = new string[random.Next(1, 5)];
        for (var i = 0; i < documents.Length; i++)
        {
            documents[i] = random.Next(8) == 0 ? "" : RandomText(random, random.Next(maxTokens));
        }

        return TestContexts.Build(documents);
    }

    private static string RandomText(Random random, int tokens)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < tokens; i++)
        {
            sb.Append(Tokens[random.Next(Tokens.Length)]);
        }

        return sb.ToString();
    }
}
