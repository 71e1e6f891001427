using Rlm.Roslyn.Corpus;

namespace Rlm.Roslyn.Tests.Search;

/// <summary>The generated corpus, and grep over it against the oracle with the default parallel split.</summary>
public sealed class CorpusGrepTests
{
    [Fact]
    public void Generate_SameSeed_SameTextWhetherWholeOrInBlocks()
    {
        var whole = CorpusGenerator.Generate(200_000, seed: 3, needleEvery: 10_000);
        var generator = new CorpusGenerator(3, needleEvery: 10_000);
        var blocks = new char[200_000];
        for (var at = 0; at < blocks.Length; at += 777)
        {
            generator.Fill(blocks.AsSpan(at, Math.Min(777, blocks.Length - at)));
        }

        new string(blocks).Should().Be(whole);
        CorpusGenerator.Generate(200_000, seed: 4, needleEvery: 10_000).Should().NotBe(whole);
    }

    [Fact]
    public void Generate_Corpus_HasLinesOfAbout80CharsNumbersAndNeedlesAtKnownOffsets()
    {
        var generator = new CorpusGenerator(7, needleEvery: 50_000);
        var buffer = new char[2_000_000];
        generator.Fill(buffer);
        var text = new string(buffer);

        var lines = text.Split('\n')[..^1];
        lines.Average(l => l.Length).Should().BeInRange(70, 95);
        System.Text.RegularExpressions.Regex.Count(text, @"\b[0-9]{7}\b").Should().BeGreaterThan(1000);
        var found = new List<long>();
        for (var i = text.IndexOf(CorpusGenerator.Needle, StringComparison.Ordinal); i >= 0; i = text.IndexOf(CorpusGenerator.Needle, i + 1, StringComparison.Ordinal))
        {
            found.Add(i);
        }

        found.Should().Equal(generator.NeedleOffsets.Where(o => o + CorpusGenerator.Needle.Length <= text.Length));
        found.Should().HaveCountGreaterThan(35);
    }

    [Fact]
    public void Grep_TenMillionCharCorpusOnAllCores_MatchesOracle()
    {
        // Above the 4 M-char threshold, so the default split runs one range per core.
        var context = RlmContext.FromString(CorpusGenerator.Generate(10_000_000, seed: 9, needleEvery: 100_000), "corpus.txt");
        var all = new GrepOptions { MaxHits = int.MaxValue };
        var ct = TestContext.Current.CancellationToken;

        TextSearch.Grep(context, CorpusGenerator.Needle, all with { Literal = true }, ct).Should().Equal(GrepOracle.Literal(context, CorpusGenerator.Needle));
        TextSearch.Grep(context, "ZQXNEEDLE", all with { Literal = true, IgnoreCase = true }, ct).Should().Equal(GrepOracle.Literal(context, "ZQXNEEDLE", ignoreCase: true));
        TextSearch.Grep(context, @"\b[0-9]{7}\b", all, ct).Should().Equal(GrepOracle.Regex(context, @"\b[0-9]{7}\b"));
        var capped = TextSearch.Grep(context, "river", GrepOptions.Default with { Literal = true }, ct);
        var expected = GrepOracle.Literal(context, "river");
        capped.Should().Equal(expected.Take(1000));
        capped.TotalMatches.Should().Be(expected.Count);
    }
}
