using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Rlm.Roslyn.Tests.Search;

/// <summary>The compiled backtracking twin that long contexts use, against the BCL oracle, and its fallback to NonBacktracking.</summary>
public sealed class CompiledRegexTests
{
    private static readonly GrepOptions Unlimited = new() { MaxHits = int.MaxValue };

    public static TheoryData<int> Seeds() => new(Enumerable.Range(1, 10));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Grep_CompiledTwin_MatchesOracle(int seed)
    {
        var random = new Random(seed);
        string[] patterns = [@"\b[0-9]{7}\b", "needle", "^hay", "hay$", "^$", "a|b", "x*", @"\d+", "😀", "[A-Z]+", @"(\w)\1", ".", "(?:ab)+"];
        for (var round = 0; round < 4; round++)
        {
            var context = TestContexts.Build(TestContexts.RandomText(random, random.Next(2000)), TestContexts.RandomText(random, random.Next(300)));
            var scan = new GrepScanOptions
            {
                ParallelMinChars = 0,
                Ranges = random.Next(1, 4),
                BlockChars = random.Next(2) == 0 ? random.Next(1, 100) : 1 << 16,
                CompiledRegexMinChars = 0,
            };
            foreach (var ignoreCase in new[] { false, true })
            {
                foreach (var pattern in patterns)
                {
                    var result = TextSearch.Grep(context, pattern, Unlimited with { IgnoreCase = ignoreCase }, scan, TestContext.Current.CancellationToken);

                    result.Should().Equal(GrepOracle.Regex(context, pattern, ignoreCase), $"/{pattern}/ ignoreCase {ignoreCase}, {scan}");
                }
            }
        }
    }

    [Fact]
    public void CompiledRegexCache_SamePatternAndOptions_ReturnsOneCompiledRegex()
    {
        var source = new Regex("ab+c", RegexOptions.NonBacktracking | RegexOptions.Multiline);

        var first = CompiledRegexCache.Get(source, TimeSpan.FromSeconds(1));
        var second = CompiledRegexCache.Get(new Regex("ab+c", RegexOptions.NonBacktracking | RegexOptions.Multiline), TimeSpan.FromSeconds(1));

        second.Should().BeSameAs(first);
        first.Options.Should().Be(RegexOptions.Compiled | RegexOptions.Multiline);
    }

    [Fact]
    public void Grep_CatastrophicPatternOnLongContext_FallsBackToNonBacktrackingAndFinishes()
    {
        // Each line makes the backtracking twin explode; NonBacktracking stays linear and finds the real matches.
        var line = new string('a', 40) + "!\n";
        var context = RlmContext.FromString(string.Concat(Enumerable.Repeat(line, 200)) + "aab\n");
        var scan = new GrepScanOptions { ParallelMinChars = 0, Ranges = 2, CompiledRegexMinChars = 0 };
        var clock = Stopwatch.StartNew();

        var result = TextSearch.Grep(context, "(a+)+b", Unlimited with { RegexTimeout = TimeSpan.FromSeconds(30) }, scan, TestContext.Current.CancellationToken);

        result.TotalMatches.Should().Be(1);
        result[0].Line.Should().Be(201);
        result[0].Match.Should().Be("aab");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20), "the twin gives up after its fallback timeout instead of backtracking for ages");
    }

    [Fact]
    public void Grep_CatastrophicBackreferencePatternOnLongContext_StillTimesOutWithClearError()
    {
        var context = RlmContext.FromString(new string('a', 30_000) + "!");
        var scan = new GrepScanOptions { ParallelMinChars = 0, CompiledRegexMinChars = 0 };

        var act = () => TextSearch.Grep(context, @"(a+)+\1$", GrepOptions.Default with { RegexTimeout = TimeSpan.FromMilliseconds(10) }, scan);

        act.Should().Throw<TimeoutException>().Which.Message.Should().Contain(@"/(a+)+\1$/").And.Contain("RegexTimeout");
    }
}
