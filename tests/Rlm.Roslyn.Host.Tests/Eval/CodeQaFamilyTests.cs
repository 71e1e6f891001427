using System.Text.RegularExpressions;
using Rlm.Roslyn.Host.Eval;

namespace Rlm.Roslyn.Host.Tests.Eval;

public sealed class CodeQaFamilyTests
{
    private static readonly CodeBase Engine = CodeBase.Load(EvalTestData.EngineSourceFolder());

    [Fact]
    public void Generate_Questions_HaveFourDistinctChoicesAndAGoldLetter()
    {
        var tasks = new CodeQaFamily(Engine).Generate(32_768, 8, 1).ToList();

        tasks.Should().HaveCount(8);
        foreach (var task in tasks)
        {
            var choices = Regex.Matches(task.Question, @"^([A-D])\) (.+)$", RegexOptions.Multiline).Select(m => m.Groups[2].Value).ToList();
            choices.Should().HaveCount(4).And.OnlyHaveUniqueItems();
            task.Gold.Should().MatchRegex("^[A-D]$");
            task.Context.Documents.Should().HaveCountGreaterThanOrEqualTo(4);
            task.ContextTokens.Should().BeLessThanOrEqualTo(32_768);
        }

        tasks.Select(t => t.Gold).Distinct().Should().HaveCountGreaterThan(1, "the gold letter is shuffled");
    }

    [Fact]
    public void Generate_DefinesTypeQuestion_GoldChoiceIsTheFileThatDeclaresIt()
    {
        var task = new CodeQaFamily(Engine).Generate(32_768, 1, 4).Single();

        var name = Regex.Match(task.Question, "`([^`]+)`").Groups[1].Value;
        var gold = Regex.Match(task.Question, $@"^{task.Gold}\) (.+)$", RegexOptions.Multiline).Groups[1].Value;
        var file = Engine.Files.Single(f => f.Path == gold);
        file.Text.Should().MatchRegex($@"(class|interface|struct|record|enum)\s+{name}\b");
    }

    [Fact]
    public void CountCallSites_CountsNameParenNotPrecededByIdentifierChars() =>
        CodeQaFamily.CountCallSites("Run(1); x.Run(2); ReRun(3); _Run(4); Run (5); $Run(6)", "Run").Should().Be(2);

    [Fact]
    public void Load_MissingFolder_IsAUsageError() =>
        FluentActions.Invoking(() => CodeBase.Load("/no/such/folder")).Should().Throw<UsageException>().WithMessage("*--code*does not exist*");
}
