using System.Globalization;
using System.Text.RegularExpressions;
using Rlm.Roslyn.Host.Eval;

namespace Rlm.Roslyn.Host.Tests.Eval;

public sealed class OolongFamilyTests
{
    [Fact]
    public void Generate_Dataset_RecordLinesSkewedUsersAndDistinctTemplatesPerLabel()
    {
        var data = OolongDataset.Generate(32_768, 1);

        var lines = data.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(data.Records.Count);
        lines.Should().OnlyContain(l => Regex.IsMatch(l, @"^Date: [A-Z][a-z]{2} \d{2}, 202[34] \|\| User: \d+ \|\| Instance: .+\?$"));
        EvalTokens.FromChars(data.Text.Length).Should().BeInRange(32_000, 32_768);
        data.Records.GroupBy(r => r.Instance).Should().OnlyContain(g => g.Select(r => r.Label).Distinct().Count() == 1, "an instance's text decides its label");
        var top3 = data.Records.GroupBy(r => r.User).Select(g => g.Count()).OrderDescending().Take(3).Sum();
        top3.Should().BeGreaterThan(data.Records.Count / 3, "most records come from a few users");
        data.Records.Select(r => r.Label).Distinct().Should().HaveCount(6);
    }

    [Fact]
    public void Generate_CountQuestions_GoldMatchesARecountOfTheRecords()
    {
        const int Length = 16_384;
        var data = OolongDataset.Generate(Length, 5);
        var tasks = new OolongFamily().Generate(Length, 2 * OolongFamily.Kinds, 5).ToList();

        tasks.Should().OnlyContain(t => t.Question.StartsWith(OolongFamily.Preamble, StringComparison.Ordinal) && t.Scoring == EvalScoring.Oolong);
        var counted = 0;
        foreach (var task in tasks)
        {
            var m = Regex.Match(task.Question, @"How many records have the label '([^']+)'");
            if (m.Success)
            {
                task.Gold.Should().Be("Answer: " + data.Records.Count(r => r.Label == m.Groups[1].Value).ToString(CultureInfo.InvariantCulture));
                counted++;
            }

            var most = task.Question.Contains("most common across", StringComparison.Ordinal);
            if (most)
            {
                task.Gold.Should().Be("Label: " + data.Records.GroupBy(r => r.Label).MaxBy(g => g.Count())!.Key);
            }
        }

        counted.Should().BeGreaterThan(0);
        tasks.Select(t => t.Context).Distinct().Should().ContainSingle("every question of a length is about the same records");
    }

    [Fact]
    public void Generate_Pairs_GoldIsEveryPairOfQualifyingUsers()
    {
        const int Length = 16_384;
        var data = OolongDataset.Generate(Length, 2);
        var task = new OolongPairsFamily().Generate(Length, 2, 2).ElementAt(1);

        var label = Regex.Match(task.Question, @"exactly one record with the label '([^']+)'").Groups[1].Value;
        var users = data.Records.GroupBy(r => r.User).Where(g => g.Count(r => r.Label == label) == 1).Select(g => g.Key).Order().ToList();
        users.Should().HaveCountGreaterThanOrEqualTo(2);
        EvalScorer.Pairs(task.Gold).Should().HaveCount(users.Count * (users.Count - 1) / 2);
        task.Gold.Should().StartWith($"({users[0]}, {users[1]})\n");
        EvalScorer.Score(EvalScoring.PairsF1, task.Gold, OolongPairsFamily.Gold(users)).Should().Be(1.0);
    }
}
