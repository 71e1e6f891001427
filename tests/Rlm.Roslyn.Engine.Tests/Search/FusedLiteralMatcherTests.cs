using System.Globalization;
using System.Runtime.Intrinsics;
using System.Text;

namespace Rlm.Roslyn.Tests.Search;

/// <summary>The fused literal kernel (search and newline count in one pass) against the BCL oracle, at every vector and range edge.</summary>
public sealed class FusedLiteralMatcherTests
{
    private static readonly GrepOptions Unlimited = new() { MaxHits = int.MaxValue, Literal = true };

    public static TheoryData<int> Seeds() => new(Enumerable.Range(1, 30));

    [Fact]
    public void TryCreate_AsciiLiteral_ProbesItsRarestChars()
    {
        Assert.SkipUnless(Vector256.IsHardwareAccelerated, "The fused kernel needs Vector256.");

        var matcher = FusedLiteralMatcher.TryCreate("river", ignoreCase: false);

        matcher.Should().NotBeNull();
        matcher!.ProbeOffsets.First.Should().Be(2, "'v' is the rarest char of \"river\"");
        "river"[matcher.ProbeOffsets.Second].Should().NotBe('v');
    }

    [Theory]
    [InlineData("a\nb", false)]
    [InlineData("😀x", true)]
    public void TryCreate_UnsuitableLiteral_LeavesItToTheBclKernel(string literal, bool ignoreCase) =>
        FusedLiteralMatcher.TryCreate(literal, ignoreCase).Should().BeNull();

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Grep_NeedleAtEveryVectorOffset_MatchesOracle(int seed)
    {
        var random = new Random(seed);
        foreach (var needle in new[] { "needle", "x", "zz", "ab", "é😀", "NeEdLe", "ſk", "Kk", "a-needle-longer-than-16", "yyyx" })
        {
            // A needle at each offset 0..47 of a line, in lines of varied length, LF or CRLF, ending with or without a newline.
            var sb = new StringBuilder();
            for (var line = 0; line < 60; line++)
            {
                sb.Append('y', random.Next(48)).Append(needle).Append('y', random.Next(20));
                if (line < 59 || random.Next(2) == 0)
                {
                    sb.Append(random.Next(3) == 0 ? "\r\n" : "\n");
                }

                if (random.Next(5) == 0)
                {
                    sb.Append('\n');
                }
            }

            var context = random.Next(3) == 0 ? TestContexts.WithoutDocuments(sb.ToString()) : Split(sb.ToString(), random);
            foreach (var ignoreCase in new[] { false, true })
            {
                var scan = new GrepScanOptions
                {
                    ParallelMinChars = 0,
                    Ranges = random.Next(1, 5),
                    BlockChars = random.Next(3) switch { 0 => random.Next(1, 40), 1 => random.Next(40, 400), _ => 1 << 16 },
                };

                var expected = GrepOracle.Literal(context, needle, ignoreCase);
                foreach (var wide in Widths())
                {
                    var matcher = FusedLiteralMatcher.TryCreate(needle, ignoreCase, wide);
                    if (matcher is null)
                    {
                        continue; // the BCL kernel's case, covered by ParallelGrepTests
                    }

                    var (matches, total) = GrepScan.Run(context, matcher, scan, TestContext.Current.CancellationToken);

                    matches.Select(m => (m.Offset, m.Line, m.LineStart, m.DocumentIndex)).Should().Equal(
                        expected.Select(h => (h.Offset, h.Line, h.Offset - h.Column + 1, h.Document is null ? -1 : int.Parse(h.Document[3..^4], CultureInfo.InvariantCulture))),
                        $"\"{needle}\" ignoreCase {ignoreCase}, wide {wide}, {scan}");
                    total.Should().Be(expected.Count);
                }

                var result = TextSearch.Grep(context, needle, Unlimited with { IgnoreCase = ignoreCase }, scan, TestContext.Current.CancellationToken);
                result.Should().Equal(expected, $"\"{needle}\" ignoreCase {ignoreCase}, {scan}");
            }
        }
    }

    [Theory]
    [InlineData("k", "K\u212Ak")] // Kelvin sign
    [InlineData("i", "I\u0131i\u0130")] // dotless and dotted I
    [InlineData("s", "S\u017Fs")] // long s
    [InlineData("é", "ÉéE")]
    [InlineData("σ", "Σσς")]
    public void Grep_IgnoreCaseWithNonAsciiCasePartners_MatchesOracle(string needle, string letters)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 200; i++)
        {
            sb.Append(letters[i % letters.Length]).Append(i % 7 == 0 ? '\n' : ' ');
        }

        var context = TestContexts.WithoutDocuments(sb.ToString());

        var result = TextSearch.Grep(context, needle, Unlimited with { IgnoreCase = true });

        result.Should().Equal(GrepOracle.Literal(context, needle, ignoreCase: true));
        result.TotalMatches.Should().BeGreaterThan(0);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Scan_OneMatchPerLineAndCaps_MatchesOracle(int seed)
    {
        var random = new Random(seed);
        var context = TestContexts.Build(TestContexts.RandomText(random, 3000), TestContexts.RandomText(random, 500));
        var cap = random.Next(1, 200);
        foreach (var lineNumbers in new[] { true, false })
        {
            var scan = new GrepScanOptions
            {
                ParallelMinChars = 0,
                Ranges = random.Next(1, 4),
                BlockChars = random.Next(16, 300),
                OneMatchPerLine = true,
                LineNumbers = lineNumbers,
                MaxKept = cap,
            };
            var matcher = TextSearch.CreateMatcher("ne", literal: true, ignoreCase: false, TimeSpan.FromSeconds(5));

            var (matches, total) = GrepScan.Run(context, matcher, scan, TestContext.Current.CancellationToken);

            var expected = GrepOracle.Literal(context, "ne").DistinctBy(h => (h.Document, h.Line)).ToList();
            total.Should().Be(expected.Count);
            matches.Select(m => m.Offset).Should().Equal(expected.Take(cap).Select(h => h.Offset));
            if (lineNumbers)
            {
                matches.Select(m => m.Line).Should().Equal(expected.Take(cap).Select(h => h.Line));
            }
        }
    }

    private static IEnumerable<bool> Widths() => Vector512.IsHardwareAccelerated ? [false, true] : [false];

    private static RlmContext Split(string text, Random random)
    {
        var cut = random.Next(text.Length + 1);
        return TestContexts.Build(text[..cut], text[cut..]);
    }
}
