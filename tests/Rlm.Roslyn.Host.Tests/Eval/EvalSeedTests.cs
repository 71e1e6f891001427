using Rlm.Roslyn.Host.Eval;

namespace Rlm.Roslyn.Host.Tests.Eval;

/// <summary>
/// Generators must give the same tasks in every process, or a resumed run would score new questions under old
/// keys. These values are fixed on purpose: a change here means every saved results file is about other tasks.
/// </summary>
public sealed class EvalSeedTests
{
    [Fact]
    public void Of_IsFnv1aOverTheValuesBytes() => EvalSeed.Of(1, 2, 3).Should().Be(2_096_368_854);

    [Fact]
    public void Generate_FirstNeedleOfSeed1_IsTheSameInEveryProcess()
    {
        var task = new NiahFamily(NiahVariant.NoiseNumbers, null).Generate(8192, 1, 1).Single();

        task.Question.Should().Be("What is the special magic number for silent-barrel mentioned in the provided text?");
        task.Gold.Should().Be("7323264");
    }

    [Fact]
    public void Generate_OolongRecordsOfSeed1_AreTheSameInEveryProcess() =>
        OolongDataset.Generate(8192, 1).Records[0].ToLine().Should().Be("Date: Mar 03, 2023 || User: 18 || Instance: What does the abbreviation OPEC stand for?");
}
