namespace Rlm.Roslyn.Tests.Partition;

public sealed class PartitionerTests
{
    public static TheoryData<int> Seeds() => TestContexts.Seeds();

    [Fact]
    public void AllMethods_EmptyContext_GiveNoChunks()
    {
        var empty = RlmContext.FromString("");
        var noDocuments = TestContexts.WithoutDocuments("");

        foreach (var context in new[] { empty, noDocuments })
        {
            Partitioner.BySize(context, 10).Should().BeEmpty();
            Partitioner.BySize(context, 10, 3).Should().BeEmpty();
            Partitioner.ByLines(context, 2).Should().BeEmpty();
            Partitioner.ByDocuments(context).Should().BeEmpty();
            Partitioner.ByDocuments(context, 100).Should().BeEmpty();
            Partitioner.BySeparator(context, "\n").Should().BeEmpty();
            Partitioner.BySeparator(context, "^", regex: true).Should().BeEmpty();
            Partitioner.ByTokens(context, 5).Should().BeEmpty();
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void BySize_RandomTextsAndSizes_CoverAndSnapToLastLineEndOfWindow(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 20; round++)
        {
            var context = RandomContext(random);
            var text = context.Text.ToString();
            var chunkChars = random.Next(1, 120);

            var chunks = Partitioner.BySize(context, chunkChars);

            chunks.ShouldCover(context);
            foreach (var c in chunks)
            {
                c.Length.Should().BeLessThanOrEqualTo(chunkChars);
                if (c.End == text.Length)
                {
                    continue;
                }

                var window = text.Substring(c.Offset, chunkChars);
                var lastNewline = window.LastIndexOf('\n');
                c.Length.Should().Be(lastNewline >= 0 ? lastNewline + 1 : chunkChars, "window \"{0}\"", window);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void BySize_RandomOverlap_EachChunkStartsOverlapBeforePreviousEndAndMovesForward(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 20; round++)
        {
            var context = RandomContext(random);
            var chunkChars = random.Next(1, 120);
            var overlap = random.Next(chunkChars);

            var chunks = Partitioner.BySize(context, chunkChars, overlap);

            chunks.ShouldBeSlicesOf(context);
            if (context.Length == 0)
            {
                chunks.Should().BeEmpty();
                continue;
            }

            chunks[0].Offset.Should().Be(0);
            chunks[^1].End.Should().Be(context.Length);
            chunks.Should().OnlyContain(c => c.Length <= chunkChars);
            for (var i = 1; i < chunks.Length; i++)
            {
                chunks[i].Offset.Should().Be(chunks[i - 1].End - overlap);
                chunks[i].End.Should().BeGreaterThan(chunks[i - 1].End);
            }
        }
    }

    [Fact]
    public void BySize_Overlap_RepeatsTailOfPreviousChunk()
    {
        var context = RlmContext.FromString("aaaa\nbbbb\ncccc\ndddd\n");

        var chunks = Partitioner.BySize(context, 10, 3);

        chunks.Select(c => c.Content).Should().Equal("aaaa\nbbbb\n", "bb\ncccc\n", "cc\ndddd\n");
    }

    [Fact]
    public void BySize_NoLineBreaks_CutsHardAtChunkChars()
    {
        var context = RlmContext.FromString(new string('x', 25));

        var chunks = Partitioner.BySize(context, 10);

        chunks.Select(c => c.Length).Should().Equal(10, 10, 5);
    }

    [Fact]
    public void BySize_HardCutInsideSurrogatePair_KeepsPairTogether()
    {
        var context = RlmContext.FromString(string.Concat(Enumerable.Repeat("😀", 10)));

        var chunks = Partitioner.BySize(context, 5);

        chunks.ShouldCover(context);
        chunks.Select(c => char.IsHighSurrogate(c.Content[^1])).Should().NotContain(true);
        chunks.Select(c => c.Length).Should().OnlyContain(n => n == 4);
    }

    [Fact]
    public void BySize_SeveralDocuments_NamesDocumentOfFirstChar()
    {
        var context = TestContexts.Build(("a.txt", "1111\n2222"), ("b.txt", "3333\n4444\n"));

        var chunks = Partitioner.BySize(context, 5);

        chunks.Select(c => (c.Content, c.Document)).Should().Equal(
            ("1111\n", "a.txt"), ("2222\n", "a.txt"), ("3333\n", "b.txt"), ("4444\n", "b.txt"));
    }

    [Fact]
    public void BySeparator_ChunkStartingOnSeparatorBetweenDocuments_NamesNextDocument()
    {
        var context = TestContexts.Build(("a.txt", "abc"), ("b.txt", "def"));

        var chunks = Partitioner.BySeparator(context, "c");

        chunks.Select(c => (c.Content, c.Document)).Should().Equal(("abc", "a.txt"), ("\ndef", "b.txt"));
    }

    [Fact]
    public void BySize_ChunkHoldingOnlySeparator_NamesDocumentBefore()
    {
        var context = TestContexts.Build(("a.txt", "abc"), ("b.txt", "def"));

        var chunks = Partitioner.BySize(context, 3);

        chunks.Select(c => (c.Content, c.Document)).Should().Equal(("abc", "a.txt"), ("\n", "a.txt"), ("def", "b.txt"));
    }

    [Theory]
    [InlineData(0, 0, "chunkChars")]
    [InlineData(-1, 0, "chunkChars")]
    [InlineData(10, 10, "overlapChars")]
    [InlineData(10, -1, "overlapChars")]
    public void BySize_InvalidArguments_ThrowArgumentOutOfRange(int chunkChars, int overlap, string parameter)
    {
        var act = () => Partitioner.BySize(RlmContext.FromString("abc"), chunkChars, overlap);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(parameter).Which.Message.Should().Contain(parameter);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void ByLines_RandomTexts_MatchNaiveLineSplit(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 20; round++)
        {
            var context = RandomContext(random);
            var lines = SplitLines(context.Text.ToString());
            var linesPerChunk = random.Next(1, 12);
            var overlap = random.Next(2) == 0 ? 0 : random.Next(linesPerChunk);

            var chunks = Partitioner.ByLines(context, linesPerChunk, overlap);

            var expected = new List<string>();
            for (var first = 0; first < lines.Count; first += linesPerChunk - overlap)
            {
                var last = Math.Min(first + linesPerChunk, lines.Count);
                expected.Add(string.Concat(lines.Skip(first).Take(last - first)));
                if (last == lines.Count)
                {
                    break;
                }
            }

            chunks.Select(c => c.Content).Should().Equal(expected);
            chunks.ShouldBeSlicesOf(context);
            if (overlap == 0)
            {
                chunks.ShouldCover(context);
                chunks.Length.Should().Be((lines.Count + linesPerChunk - 1) / linesPerChunk);
            }
        }
    }

    [Fact]
    public void ByLines_CrLfAndNoTrailingNewline_CountsLines()
    {
        var context = RlmContext.FromString("a\r\nb\r\n\r\nc");

        var chunks = Partitioner.ByLines(context, 2);

        chunks.Select(c => c.Content).Should().Equal("a\r\nb\r\n", "\r\nc");
    }

    [Fact]
    public void ByLines_Overlap_RepeatsLastLines()
    {
        var context = RlmContext.FromString("1\n2\n3\n4\n5\n");

        var chunks = Partitioner.ByLines(context, 3, 1);

        chunks.Select(c => c.Content).Should().Equal("1\n2\n3\n", "3\n4\n5\n");
    }

    [Theory]
    [InlineData(0, 0, "linesPerChunk")]
    [InlineData(3, 3, "overlapLines")]
    [InlineData(3, -1, "overlapLines")]
    public void ByLines_InvalidArguments_ThrowArgumentOutOfRange(int linesPerChunk, int overlap, string parameter)
    {
        var act = () => Partitioner.ByLines(RlmContext.FromString("abc"), linesPerChunk, overlap);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(parameter);
    }

    [Fact]
    public void ByDocuments_NoPacking_OneChunkPerDocumentIncludingSeparator()
    {
        var context = TestContexts.Build(("a.txt", "aaa"), ("b.txt", "bb\n"), ("c.txt", "c"));

        var chunks = Partitioner.ByDocuments(context);

        chunks.Select(c => (c.Content, c.Document)).Should().Equal(("aaa\n", "a.txt"), ("bb\n", "b.txt"), ("c", "c.txt"));
        chunks.ShouldCover(context);
    }

    [Fact]
    public void ByDocuments_Packing_PacksWhileWithinMaxCharsAndKeepsBigDocumentWhole()
    {
        var context = TestContexts.Build(("a", "11\n"), ("b", "22\n"), ("c", "33\n"), ("big", "0123456789\n"), ("d", "44\n"), ("e", "55"));

        var chunks = Partitioner.ByDocuments(context, 6);

        chunks.Select(c => (c.Content, c.Document)).Should().Equal(
            ("11\n22\n", "a"), ("33\n", "c"), ("0123456789\n", "big"), ("44\n55", "d"));
        chunks.ShouldCover(context);
    }

    [Fact]
    public void ByDocuments_NoDocumentIndex_OneChunkOfEverything()
    {
        var context = TestContexts.WithoutDocuments("a\nb\n");

        var chunk = Partitioner.ByDocuments(context).Single();

        chunk.Should().Be(new Chunk(0, 0, 4, null, context.Text));
    }

    [Fact]
    public void ByDocuments_EmptyDocuments_NeverGiveEmptyChunks()
    {
        var text = "abc\n".AsMemory();
        var context = new RlmContext(text, [
            new Document(0, "empty0", 0, 0, ReadOnlyMemory<char>.Empty),
            new Document(1, "a", 0, 4, text),
            new Document(2, "empty2", 4, 0, ReadOnlyMemory<char>.Empty),
        ]);

        var chunks = Partitioner.ByDocuments(context);

        chunks.Select(c => (c.Content, c.Document)).Should().Equal(("abc\n", "a"));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void ByDocuments_RandomPacking_CoversAndPacksGreedily(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 20; round++)
        {
            var documents = Enumerable.Range(0, random.Next(1, 12))
                .Select(_ => TestContexts.RandomText(random, random.Next(0, 30)))
                .ToArray();
            var context = TestContexts.Build(documents);
            var maxChars = random.Next(0, 150);

            var chunks = Partitioner.ByDocuments(context, maxChars);

            chunks.ShouldCover(context);
            var starts = context.Documents.Select(d => d.Offset).Where(o => o > 0).Distinct().ToList();
            chunks.Skip(1).Select(c => c.Offset).Should().BeSubsetOf(starts, "chunks start at documents");
            if (maxChars == 0)
            {
                chunks.Should().HaveCount(starts.Count + 1);
                continue;
            }

            for (var i = 0; i < chunks.Length; i++)
            {
                var documentsInside = starts.Count(o => o > chunks[i].Offset && o < chunks[i].End);
                if (chunks[i].Length > maxChars)
                {
                    documentsInside.Should().Be(0, "only a single document may exceed maxChars");
                }

                if (i + 1 < chunks.Length)
                {
                    var nextRegionEnd = starts.FirstOrDefault(o => o > chunks[i + 1].Offset, context.Length);
                    (nextRegionEnd - chunks[i].Offset).Should().BeGreaterThan(maxChars, "the next document did not fit");
                }
            }
        }
    }

    [Fact]
    public void ByDocuments_NegativeMaxChars_ThrowsArgumentOutOfRange()
    {
        var act = () => Partitioner.ByDocuments(RlmContext.FromString("abc"), -1);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("maxChars");
    }

    [Theory]
    [InlineData("a--b--c", "a--|b--|c")]
    [InlineData("a--b--", "a--|b--")]
    [InlineData("--a", "--|a")]
    [InlineData("----", "--|--")]
    [InlineData("abc", "abc")]
    public void BySeparator_Literal_SeparatorStaysWithChunkItEnds(string text, string expected)
    {
        var context = RlmContext.FromString(text);

        var chunks = Partitioner.BySeparator(context, "--");

        chunks.Select(c => c.Content).Should().Equal(expected.Split('|'));
        chunks.ShouldCover(context);
    }

    [Fact]
    public void BySeparator_Regex_SplitsOnParagraphBreaks()
    {
        var context = RlmContext.FromString("p1 l1\np1 l2\n\n\np2\n\np3");

        var chunks = Partitioner.BySeparator(context, @"\n{2,}", regex: true);

        chunks.Select(c => c.Content).Should().Equal("p1 l1\np1 l2\n\n\n", "p2\n\n", "p3");
    }

    [Fact]
    public void BySeparator_ZeroLengthLookahead_SplitsBeforeHeadings()
    {
        var context = RlmContext.FromString("# Title\nintro\n## One\ntext\n## Two\nmore\n");

        var chunks = Partitioner.BySeparator(context, "(?=^## )", regex: true);

        chunks.Select(c => c.Content).Should().Equal("# Title\nintro\n", "## One\ntext\n", "## Two\nmore\n");
    }

    [Fact]
    public void BySeparator_ZeroLengthMatchEverywhere_TerminatesWithOneCharChunks()
    {
        var context = RlmContext.FromString("abc\nd");

        var chunks = Partitioner.BySeparator(context, "x*", regex: true);

        chunks.Select(c => c.Content).Should().Equal("a", "b", "c", "\n", "d");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void BySeparator_RandomTexts_CoverAndEndOnSeparator(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 20; round++)
        {
            var context = RandomContext(random);
            var text = context.Text.ToString();

            foreach (var (separator, regex) in new[] { ("\n", false), ("needle", false), ("\r\n", false), (@"\n\s*\n", true), ("^", true), ("b+", true) })
            {
                var chunks = Partitioner.BySeparator(context, separator, regex);

                chunks.ShouldCover(context);
                var matches = regex
                    ? new System.Text.RegularExpressions.Regex(separator, System.Text.RegularExpressions.RegexOptions.Multiline)
                        .Matches(text).Select(m => m.Index + m.Length)
                    : AllLiteralEnds(text, separator);
                var expectedEnds = matches.Append(text.Length).Where(e => e > 0).Distinct().ToList();
                chunks.Select(c => c.End).Should().Equal(expectedEnds, "separator {0}", separator);
            }
        }
    }

    [Fact]
    public void BySeparator_InvalidRegex_ThrowsWithLiteralHint()
    {
        var act = () => Partitioner.BySeparator(RlmContext.FromString("a(b"), "(", regex: true);

        act.Should().Throw<ArgumentException>().WithParameterName("separator").Which.Message.Should().Contain("literal: true");
    }

    [Fact]
    public void BySeparator_EmptySeparator_ThrowsArgumentException()
    {
        var act = () => Partitioner.BySeparator(RlmContext.FromString("abc"), "");

        act.Should().Throw<ArgumentException>().WithParameterName("separator");
    }

    [Fact]
    public void ByTokens_FourCharsPerToken_SameAsBySize()
    {
        var random = new Random(7);
        var context = RandomContext(random);

        var chunks = Partitioner.ByTokens(context, 10, 2);

        chunks.Should().Equal(Partitioner.BySize(context, 40, 8));
    }

    [Theory]
    [InlineData(0, 0, "tokensPerChunk")]
    [InlineData(int.MaxValue, 0, "tokensPerChunk")]
    [InlineData(10, 10, "overlapTokens")]
    public void ByTokens_InvalidArguments_ThrowArgumentOutOfRange(int tokensPerChunk, int overlap, string parameter)
    {
        var act = () => Partitioner.ByTokens(RlmContext.FromString("abc"), tokensPerChunk, overlap);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(parameter);
    }

    private static RlmContext RandomContext(Random random) =>
        random.Next(10) == 0 ? TestContexts.WithoutDocuments(new string('x', random.Next(0, 300))) : TestContexts.RandomContext(random, 120);

    private static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                lines.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            lines.Add(text[start..]);
        }

        return lines;
    }

    private static IEnumerable<int> AllLiteralEnds(string text, string separator)
    {
        for (var i = text.IndexOf(separator, StringComparison.Ordinal); i >= 0; i = text.IndexOf(separator, i + separator.Length, StringComparison.Ordinal))
        {
            yield return i + separator.Length;
        }
    }
}
