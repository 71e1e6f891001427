using System.Xml.Linq;
using Rlm.Roslyn.Host.Eval;

namespace Rlm.Roslyn.Host.Tests.Eval;

/// <summary>The runner: JSONL per task, resuming, failures, the summary and the chart.</summary>
public sealed class EvalRunnerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rlm-eval-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task RunAsync_TwoMethods_WritesOneLinePerTaskAndMethodWithScoresAndCost()
    {
        var right = new FakeEvalMethod("rlm", t => "It is " + t.Gold);
        var wrong = new FakeEvalMethod("base", _ => "no idea");

        var report = await Runner([8192, 16_384], 3, right, wrong).RunAsync(TestContext.Current.CancellationToken);

        report.Ran.Should().Be(12);
        var results = Store().Read(out var damaged);
        damaged.Should().Be(0);
        results.Should().HaveCount(12);
        results.Where(r => r.Method == "rlm").Should().OnlyContain(r => r.Score == 1 && r.SubModel == "sub");
        results.Where(r => r.Method == "base").Should().OnlyContain(r => r.Score == 0 && r.SubModel == null);
        results.Should().OnlyContain(r => r.Cost == (100 * 2.0 + 10 * 8.0) / 1_000_000 && r.Model == "m" && r.Seed == 1 && r.Calls == 1);
        report.Rows.Select(r => (r.Method, r.Length, r.Score)).Should().Equal(("base", 8192, 0.0), ("base", 16_384, 0.0), ("rlm", 8192, 1.0), ("rlm", 16_384, 1.0));
        File.ReadAllText(Path.Combine(_folder, "niah_single_1.md")).Should().Contain("| rlm | 16K | 3 | 100.0% |");
    }

    [Fact]
    public async Task RunAsync_Rerun_SkipsFinishedTasksAndRunsOnlyNewOnes()
    {
        var first = new FakeEvalMethod("rlm", t => t.Gold);
        await Runner([8192], 2, first).RunAsync(TestContext.Current.CancellationToken);

        var second = new FakeEvalMethod("rlm", t => t.Gold);
        var report = await Runner([8192], 3, second).RunAsync(TestContext.Current.CancellationToken);

        second.Calls.Should().Be(1, "tasks 0 and 1 were already in the file");
        report.Resumed.Should().Be(2);
        Store().Read(out _).Select(r => r.Index).Should().Equal(0, 1, 2);
    }

    [Fact]
    public async Task RunAsync_LineCutShortByAKill_IsRunAgainAndTheFileStaysReadable()
    {
        await Runner([8192], 2, new FakeEvalMethod("rlm", t => t.Gold)).RunAsync(TestContext.Current.CancellationToken);
        var lines = File.ReadAllLines(Store().Path);
        await File.WriteAllTextAsync(Store().Path, lines[0] + "\n" + lines[1][..(lines[1].Length / 2)], TestContext.Current.CancellationToken);
        var progress = new StringWriter();

        var again = new FakeEvalMethod("rlm", t => t.Gold);
        await new EvalRunner(Options([8192], 2, again), progress).RunAsync(TestContext.Current.CancellationToken);

        again.Calls.Should().Be(1);
        progress.ToString().Should().Contain("1 unreadable line(s)");
        Store().Read(out var damaged).Select(r => r.Index).Should().Equal(0, 1);
        damaged.Should().Be(1);
    }

    [Fact]
    public async Task RunAsync_FailingMethod_WritesNothingReportsAndStopsAfterFiveInARow()
    {
        var failing = new FakeEvalMethod("rlm", _ => throw new HttpRequestException("connection refused"));
        var progress = new StringWriter();

        var report = await new EvalRunner(Options([8192], 8, failing), progress).RunAsync(TestContext.Current.CancellationToken);

        report.Failed.Should().Be(5);
        failing.Calls.Should().Be(5);
        File.Exists(Store().Path).Should().BeFalse();
        progress.ToString().Should().Contain("#0 rlm failed: HttpRequestException: connection refused").And.Contain("stopping after 5 failures in a row");
    }

    [Fact]
    public async Task RunAsync_Chart_OneLinePerMethodOnALogScale()
    {
        var right = new FakeEvalMethod("rlm", t => t.Gold);
        var wrong = new FakeEvalMethod("bm25", _ => "?");
        await Runner([8192, 65_536, 524_288], 1, right, wrong).RunAsync(TestContext.Current.CancellationToken);

        var svg = XDocument.Load(Path.Combine(_folder, "niah_single_1.svg"));
        XNamespace ns = "http://www.w3.org/2000/svg";
        var lines = svg.Descendants(ns + "polyline").ToList();
        lines.Select(l => (string?)l.Attribute("data-method")).Should().BeEquivalentTo(["bm25", "rlm"]);
        var points = lines.Single(l => (string?)l.Attribute("data-method") == "rlm").Attribute("points")!.Value
            .Split(' ').Select(p => p.Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToList();
        points.Should().HaveCount(3);
        (points[1][0] - points[0][0]).Should().BeApproximately(points[2][0] - points[1][0], 0.2, "8K → 64K and 64K → 512K are both x8 on a log scale");
        points.Select(p => p[1]).Distinct().Should().ContainSingle("rlm scored 100% at every length");
        var bm25 = lines.Single(l => (string?)l.Attribute("data-method") == "bm25").Attribute("points")!.Value;
        bm25.Should().NotBe(lines.Single(l => (string?)l.Attribute("data-method") == "rlm").Attribute("points")!.Value);
    }

    private EvalResultStore Store() => new(EvalRunner.ResultsPath(_folder, "niah_single_1"));

    private EvalRunner Runner(int[] lengths, int count, params IEvalMethod[] methods) => new(Options(lengths, count, methods), TextWriter.Null);

    private EvalRunOptions Options(int[] lengths, int count, params IEvalMethod[] methods) => new()
    {
        Family = new NiahFamily(NiahVariant.NoiseNumbers, null),
        Lengths = lengths,
        Count = count,
        Methods = methods,
        OutputFolder = _folder,
        Model = "m",
        SubModel = "sub",
        InputPricePerMillion = 2,
        OutputPricePerMillion = 8,
    };
}
