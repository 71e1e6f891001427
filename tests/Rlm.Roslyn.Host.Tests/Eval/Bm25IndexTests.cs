using Rlm.Roslyn.Host.Eval;

namespace Rlm.Roslyn.Host.Tests.Eval;

public sealed class Bm25IndexTests
{
    [Fact]
    public void Score_OneTermOneMatchingChunk_EqualsTheFormula()
    {
        var index = new Bm25Index(Chunks("apple banana", "cherry date", "elder fig"));

        var scores = index.Score("banana");

        // n = 1 of N = 3: idf = ln(1 + 2.5 / 1.5); tf = 1, |d| = avg → tf (k1 + 1) / (tf + k1) = 1.
        scores[0].Should().BeApproximately(Math.Log(1 + (2.5 / 1.5)), 1e-12);
        scores[1].Should().Be(0);
        scores[2].Should().Be(0);
    }

    [Fact]
    public void Score_RareTermOutweighsCommonOne()
    {
        var index = new Bm25Index(Chunks("the cat sat", "the dog sat", "the the the zebra", "the cat ran"));

        var scores = index.Score("The zebra");

        Array.IndexOf(scores, scores.Max()).Should().Be(2);
    }

    [Fact]
    public void Retrieve_NeedleQuestionOverLongHaystack_KeepsTheNeedleChunkInTheWindow()
    {
        var task = new NiahFamily(NiahVariant.NoiseNumbers, null).Generate(65_536, 3, 1).ElementAt(1);

        var (context, note) = Bm25EvalMethod.Retrieve(task, windowTokens: 2048, chunkTokens: 256);

        context.Should().Contain(task.Gold);
        EvalTokens.FromChars(context.Length).Should().BeLessThanOrEqualTo(2048);
        note.Should().StartWith("bm25 kept");
    }

    private static IEnumerable<ReadOnlyMemory<char>> Chunks(params string[] texts) => texts.Select(t => t.AsMemory());

    [Fact]
    public void Terms_LowerCasedRunsOfLettersAndDigits() =>
        Bm25Index.Terms("Hello, World-42 x").Should().Equal("hello", "world", "42", "x");
}
