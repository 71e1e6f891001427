using Rlm.Roslyn.Host.Eval;

namespace Rlm.Roslyn.Host.Tests.Eval;

/// <summary>The scorers against hand-made cases.</summary>
public sealed class EvalScorerTests
{
    [Theory]
    [InlineData("4821093", "The special magic number is 4821093.", 1.0)]
    [InlineData("a1b2c3d4-0000-4000-8000-123456789abc", "It is A1B2C3D4-0000-4000-8000-123456789ABC", 1.0)]
    [InlineData("4821093", "482109", 0.0)]
    [InlineData("4821093", "", 0.0)]
    public void Score_Contains_GoldFoundCaseInsensitively(string gold, string answer, double expected) =>
        EvalScorer.Score(EvalScoring.Contains, gold, answer).Should().Be(expected);

    [Theory]
    [InlineData("Answer: 12", "Answer: 12", 1.0)]
    [InlineData("Answer: 12", "Answer: 13", 0.75)]
    [InlineData("Answer: 12", "Answer: 10", 0.5625)]
    [InlineData("Answer: 12", "I counted them.\nAnswer: 9", 0.421875)]
    [InlineData("Answer: 12", "twelve", 0.0)]
    [InlineData("Answer: 0", "Answer: 0", 1.0)]
    public void Score_OolongNumeric_DecaysAsThreeQuartersToTheError(string gold, string answer, double expected) =>
        EvalScorer.Score(EvalScoring.Oolong, gold, answer).Should().BeApproximately(expected, 1e-12);

    [Fact]
    public void Score_OolongNumeric_MatchesTheFormulaForLargeErrors() =>
        EvalScorer.Score(EvalScoring.Oolong, "Answer: 100", "Answer: 80").Should().BeApproximately(Math.Pow(0.75, 20), 1e-15);

    [Theory]
    [InlineData("Label: location", "Label: location", 1.0)]
    [InlineData("Label: location", "label: Location.", 1.0)]
    [InlineData("Label: location", "Thinking... Label: **location**", 1.0)]
    [InlineData("Label: location", "Label: entity", 0.0)]
    [InlineData("Label: human being", "Label: human", 0.0)]
    [InlineData("User: [7]", "User: 7", 1.0)]
    [InlineData("User: [7]", "User: [17]", 0.0)]
    [InlineData("Answer: entity is more common than location", "Answer: entity is more common than location", 1.0)]
    [InlineData("Answer: entity is more common than location", "Answer: entity is less common than location", 0.0)]
    public void Score_OolongExact_ComparesTheValueAfterThePrefix(string gold, string answer, double expected) =>
        EvalScorer.Score(EvalScoring.Oolong, gold, answer).Should().Be(expected);

    [Fact]
    public void Score_PairsAllRight_IsOne() =>
        EvalScorer.Score(EvalScoring.PairsF1, "(1, 2)\n(1, 5)\n(2, 5)\n", "(2, 1)\n(1,5)\n(2, 5)").Should().Be(1.0);

    [Fact]
    public void Score_PairsHalfFoundNoneWrong_GivesPartialCredit()
    {
        // precision 1, recall 0.5 → F1 = 2/3.
        EvalScorer.Score(EvalScoring.PairsF1, "(1, 2)\n(1, 5)\n(2, 5)\n(3, 4)", "(1, 2)\n(3, 4)").Should().BeApproximately(2.0 / 3, 1e-12);
    }

    [Fact]
    public void Score_PairsWithExtras_PenalisesPrecision()
    {
        // 2 right of 4 given (precision 0.5), 2 of 2 found (recall 1) → F1 = 2/3.
        EvalScorer.Score(EvalScoring.PairsF1, "(1, 2)\n(3, 4)", "(1, 2)\n(3, 4)\n(5, 6)\n(7, 8)").Should().BeApproximately(2.0 / 3, 1e-12);
    }

    [Theory]
    [InlineData("(1, 2)", "", 0.0)]
    [InlineData("", "", 1.0)]
    [InlineData("(1, 2)", "(3, 4)", 0.0)]
    public void Score_PairsEdgeCases(string gold, string answer, double expected) =>
        EvalScorer.Score(EvalScoring.PairsF1, gold, answer).Should().Be(expected);

    [Theory]
    [InlineData("B", "Answer: B", 1.0)]
    [InlineData("B", "The answer is (B).", 1.0)]
    [InlineData("B", "B", 1.0)]
    [InlineData("B", "I think A) is wrong. Answer: B", 1.0)]
    [InlineData("B", "Answer: C", 0.0)]
    [InlineData("B", "A or B", 0.0)]
    [InlineData("B", "no idea", 0.0)]
    public void Score_Choice_ReadsTheChosenLetter(string gold, string answer, double expected) =>
        EvalScorer.Score(EvalScoring.Choice, gold, answer).Should().Be(expected);
}
