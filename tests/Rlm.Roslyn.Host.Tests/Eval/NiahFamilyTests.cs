using System.Text.RegularExpressions;
using Rlm.Roslyn.Host.Eval;

namespace Rlm.Roslyn.Host.Tests.Eval;

public sealed class NiahFamilyTests
{
    [Fact]
    public void Generate_Variant1_OneNeedleWithTheGoldInNoiseAtTheRequestedLength()
    {
        var tasks = new NiahFamily(NiahVariant.NoiseNumbers, null).Generate(8192, 5, seed: 3).ToList();

        tasks.Should().HaveCount(5);
        foreach (var task in tasks)
        {
            var text = task.Context.Text.ToString();
            var needles = Regex.Matches(text, @"One of the special magic numbers for ([a-z]+-[a-z]+) is: (\d{7})\.");
            needles.Should().ContainSingle();
            needles[0].Groups[2].Value.Should().Be(task.Gold);
            task.Question.Should().Be($"What is the special magic number for {needles[0].Groups[1].Value} mentioned in the provided text?");
            text.Replace(needles[0].Value, "", StringComparison.Ordinal).Split(". ", StringSplitOptions.RemoveEmptyEntries)
                .Select(s => s.Trim().TrimEnd('.')).Distinct().Should().BeEquivalentTo(["The grass is green", "The sky is blue", "The sun is yellow", "Here we go", "There and back again"]);
            task.ContextTokens.Should().BeInRange(8100, 8192);
        }
    }

    [Fact]
    public void Generate_Depths_FollowFortyEvenlySpacedPoints()
    {
        var tasks = new NiahFamily(NiahVariant.NoiseNumbers, null).Generate(32_768, 41, seed: 1).ToList();

        double Depth(EvalTask t) => (double)t.Context.Text.Span.IndexOf("One of the special magic", StringComparison.Ordinal) / t.Context.Length;
        Depth(tasks[0]).Should().Be(0);
        Depth(tasks[39]).Should().BeGreaterThan(0.99);
        Depth(tasks[20]).Should().BeApproximately(20 / 39.0, 0.01);
        Depth(tasks[40]).Should().Be(0, "task 40 wraps to the first depth");
    }

    [Fact]
    public void Generate_SameSeed_SameTasks_OtherSeed_Others()
    {
        var family = new NiahFamily(NiahVariant.NoiseNumbers, null);
        var a = family.Generate(8192, 3, 7).Select(t => (t.Question, t.Gold)).ToList();
        var b = family.Generate(8192, 3, 7).Select(t => (t.Question, t.Gold)).ToList();
        var c = family.Generate(8192, 3, 8).Select(t => (t.Question, t.Gold)).ToList();

        a.Should().Equal(b);
        c.Should().NotEqual(a);
    }

    [Fact]
    public void Generate_Variant3_UuidNeedleInTheGivenProse()
    {
        var prose = "It was a bright cold day in April. The clocks were striking thirteen. Nobody noticed.";
        var task = new NiahFamily(NiahVariant.ProseUuids, prose).Generate(4096, 1, 1).Single();

        Guid.TryParse(task.Gold, out _).Should().BeTrue();
        task.Question.Should().Contain("special magic uuid for");
        task.Context.Text.ToString().Should().Contain("The clocks were striking thirteen.").And.Contain($"is: {task.Gold}.");
    }

    [Fact]
    public void Constructor_ProseVariantWithoutProse_Throws() =>
        FluentActions.Invoking(() => new NiahFamily(NiahVariant.ProseNumbers, " ")).Should().Throw<ArgumentException>().WithMessage("*niah_single_2*prose*");
}
