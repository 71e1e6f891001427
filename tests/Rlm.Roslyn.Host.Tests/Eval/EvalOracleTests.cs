using Microsoft.Extensions.AI;
using Rlm.Roslyn.Host.Eval;
using Rlm.Roslyn.Host.Tests.Eval.Oracle;

namespace Rlm.Roslyn.Host.Tests.Eval;

/// <summary>
/// The checks with no real model: the oracle root writes the C# a competent model would write, the oracle
/// sub-LM classifies records from ground truth, and the engine (under the sandbox) is what is under test.
/// </summary>
public sealed class EvalOracleTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rlm-eval-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Run_NiahSingle1At1MTokensWithOracle_Scores100PercentOnAll50Tasks()
    {
        var report = await RunAsync(new NiahFamily(NiahVariant.NoiseNumbers, null), 1 << 20, 50, sub: null);

        report.Ran.Should().Be(50);
        report.Failed.Should().Be(0);
        report.Rows.Should().ContainSingle().Which.Tasks.Should().Be(50);
        report.Rows[0].Score.Should().Be(1.0, "answers were: {0}", Answers("niah_single_1"));
        var results = new EvalResultStore(EvalRunner.ResultsPath(_folder, "niah_single_1")).Read(out _);
        results.Should().OnlyContain(r => r.ContextTokens > 1_040_000 && r.ContextTokens <= 1 << 20 && r.Ending == "final");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Run_NiahProseVariantsWithOracle_Scores100Percent(int variant)
    {
        var report = await RunAsync(new NiahFamily((NiahVariant)variant, EvalTestData.Prose()), 64 * 1024, 10, sub: null);

        report.Rows.Should().ContainSingle().Which.Score.Should().Be(1.0, "answers were: {0}", Answers("niah_single_" + variant));
    }

    [Fact]
    public async Task Run_OolongAt131KWithOracle_ScoresAtLeast99Percent()
    {
        const int Length = 131_072;
        var data = OolongDataset.Generate(Length, 1);
        var sub = OracleSub.For(data);

        var report = await RunAsync(new OolongFamily(), Length, 2 * OolongFamily.Kinds, sub);

        report.Failed.Should().Be(0);
        report.Rows.Should().ContainSingle().Which.Score.Should().BeGreaterThanOrEqualTo(0.99);
        data.Records.Count.Should().BeGreaterThan(5_000);
        sub.Answered.Should().Be(2 * OolongFamily.Kinds * data.Records.Count, "every task classified every record of the 131K context by sub-calls");
    }

    [Fact]
    public async Task Run_OolongPairsWithOracle_ScoresF1Of1()
    {
        const int Length = 65_536;
        var sub = OracleSub.For(OolongDataset.Generate(Length, 1));

        var report = await RunAsync(new OolongPairsFamily(), Length, 2 * OolongPairsFamily.Kinds, sub);

        report.Failed.Should().Be(0);
        report.Rows.Should().ContainSingle().Which.Score.Should().Be(1.0);
        var results = new EvalResultStore(EvalRunner.ResultsPath(_folder, "oolong_pairs")).Read(out _);
        results.Should().OnlyContain(r => EvalScorer.Pairs(r.Gold).Count > 0, "every question has at least one pair");
    }

    [Fact]
    public async Task Run_CodeQaOverThisRepositoryWithOracle_ScoresEveryQuestion()
    {
        var family = new CodeQaFamily(CodeBase.Load(EvalTestData.EngineSourceFolder()));

        var report = await RunAsync(family, 64 * 1024, 2 * CodeQaFamily.Kinds, sub: null);

        report.Failed.Should().Be(0);
        report.Rows.Should().ContainSingle().Which.Score.Should().Be(1.0, "answers were: {0}", Answers("codeqa"));
    }

    private string Answers(string family) =>
        string.Join("\n", new EvalResultStore(EvalRunner.ResultsPath(_folder, family)).Read(out _).Select(r => $"{r.Gold} <- {r.Answer} ({r.Ending}: {r.Note}) for {r.Question[..Math.Min(300, r.Question.Length)]}"));

    private async Task<EvalRunReport> RunAsync(IEvalFamily family, int length, int count, OracleSub? sub)
    {
        using var root = new OracleChatClient(OracleRoot.Reply);
        using var subClient = new OracleChatClient(messages => sub?.Reply(messages[^1].Text) ?? throw new InvalidOperationException("No sub-calls expected."));
        var engine = new RlmOptions { SubmissionPolicy = HostPolicy.Create(trusted: false), MaxIterations = 3 };
        var options = new EvalRunOptions
        {
            Family = family,
            Lengths = [length],
            Count = count,
            Methods = [new RlmEvalMethod(root, subClient, engine)],
            OutputFolder = _folder,
            Model = "oracle",
            SubModel = "oracle-sub",
        };
        var progress = new StringWriter();

        var report = await new EvalRunner(options, progress).RunAsync(TestContext.Current.CancellationToken);

        report.Failed.Should().Be(0, "progress was: {0}", progress);
        return report;
    }
}
