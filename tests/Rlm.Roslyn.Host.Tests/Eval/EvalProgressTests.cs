using Rlm.Roslyn.Host.Eval;
using Spectre.Console.Testing;
using static Rlm.Roslyn.Host.Tests.Progress.ProgressEvents;

namespace Rlm.Roslyn.Host.Tests.Eval;

/// <summary>The eval's progress displays driven by the runner: plain lines (with and without run steps) and the live tree.</summary>
public sealed class EvalProgressTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rlm-evalprogress-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task LineProgress_WithoutRuns_OneLinePerTaskAndNoRunEventsAsked()
    {
        var method = new FakeEvalMethod("rlm", t => t.Gold) { Before = ReportRun };
        var writer = new StringWriter();

        await new EvalRunner(Options(2, method), new EvalLineProgress(writer, showRuns: false)).RunAsync(TestContext.Current.CancellationToken);

        var lines = Lines(writer);
        lines.Should().HaveCount(2);
        lines[0].Should().StartWith("[1/2] niah_single_1 8K #0 rlm: score 1.00, 1 calls, 110 tokens");
        lines[1].Should().StartWith("[2/2] niah_single_1 8K #1 rlm: score 1.00");
        method.GotEvents.Should().BeFalse("plain per-task lines need no run events");
    }

    [Fact]
    public async Task LineProgress_WithRuns_StartLineWithRunningScoreThenTheRunsStepsWithTheirPathsThenTheScore()
    {
        var method = new FakeEvalMethod("rlm", t => t.Index == 0 ? t.Gold : "no idea") { Before = ReportRun };
        var writer = new StringWriter();

        await new EvalRunner(Options(2, method), new EvalLineProgress(writer, showRuns: true)).RunAsync(TestContext.Current.CancellationToken);

        var lines = Lines(writer);
        method.GotEvents.Should().BeTrue();
        lines[0].Should().Be("[1/2] niah_single_1 8K #0 rlm started (rlm: no score yet)");
        lines.Should().Contain(l => l.EndsWith(" 0 root RLM started over 1,000 chars in 2 document(s)", StringComparison.Ordinal));
        lines.Should().Contain(l => l.Contains(" 0.1 child RLM: \"look in part 1\"", StringComparison.Ordinal));
        lines.Should().Contain(l => l.Contains(" 0.1.1 LLM call done", StringComparison.Ordinal));
        var second = lines.IndexOf("[2/2] niah_single_1 8K #1 rlm started (rlm score so far 1.00 over 1)");
        second.Should().BeGreaterThan(0);
        lines[second - 1].Should().StartWith("[1/2] niah_single_1 8K #0 rlm: score 1.00");
        lines[^1].Should().StartWith("[2/2] niah_single_1 8K #1 rlm: score 0.00");
    }

    [Fact]
    public async Task LiveProgress_DrawsTheHeaderAndTreeWhileATaskRunsAndLeavesOneLinePerTask()
    {
        var console = new TestConsole().Width(200);
        var method = new FakeEvalMethod("rlm", t => t.Gold)
        {
            Before = async (task, events) =>
            {
                await ReportRun(task, events);
                if (task.Index == 1)
                {
                    // Hold the task until the display has drawn its tree at least once.
                    await WaitForAsync(() => console.Output.Contains("0.1.1 LLM call", StringComparison.Ordinal));
                }
            },
        };
        await using var live = new EvalLiveProgress(console);

        await new EvalRunner(Options(2, method), live).RunAsync(TestContext.Current.CancellationToken);

        var output = console.Output;
        output.Should().Contain("rlm eval niah_single_1 · task 2/2 · rlm · 8K #1 · rlm score so far 1.00 over 1");
        output.Should().Contain("0 root RLM \"What is the capital?\"").And.Contain("0.1 child RLM d1").And.Contain("0.1.1 LLM call d2");
        output.Should().Contain("[1/2] niah_single_1 8K #0 rlm: score 1.00").And.Contain("[2/2] niah_single_1 8K #1 rlm: score 1.00");
        method.GotEvents.Should().BeTrue();
    }

    [Fact]
    public async Task LiveProgress_SingleCallMethodAndFailure_WaitingLineThenTheFailureLine()
    {
        var console = new TestConsole().Width(200);
        var method = new FakeEvalMethod("base", _ => throw new HttpRequestException("connection refused"))
        {
            Before = (_, _) => WaitForAsync(() => console.Output.Contains("one call to the model", StringComparison.Ordinal)),
        };
        await using var live = new EvalLiveProgress(console);

        await new EvalRunner(Options(1, method) with { MaxConsecutiveFailures = 1 }, live).RunAsync(TestContext.Current.CancellationToken);

        console.Output.Should().Contain("task 1/1 · base · 8K #0 · base: no score yet")
            .And.Contain("[1/1] niah_single_1 8K #0 base failed: HttpRequestException: connection refused")
            .And.Contain("rlm eval: stopping after 1 failures in a row");
    }

    [Fact]
    public async Task LiveProgress_DisposedMidTask_StopsTheDisplayAndIgnoresLaterEvents()
    {
        var console = new TestConsole().Width(200);
        var live = new EvalLiveProgress(console);
        await live.TaskStartedAsync(new EvalTaskHeader(1, 3, "oolong", 8192, 0, "rlm", 0, null));
        live.Report(Run("0", 0));

        await live.DisposeAsync();
        var drawn = console.Output;
        live.Report(Run("0.1", 1, "after the stop"));
        await live.DisposeAsync();

        drawn.Should().Contain("rlm eval oolong · task 1/3 · rlm · 8K #0").And.Contain("root RLM");
        console.Output.Should().Be(drawn).And.NotContain("after the stop");
    }

    /// <summary>A root that starts a child RLM, which makes a plain LLM call; then both answer.</summary>
    private static Task ReportRun(EvalTask task, IProgress<RlmEvent>? events)
    {
        if (events is null)
        {
            return Task.CompletedTask;
        }

        foreach (var e in new RlmEvent[]
        {
            Run("0", 0), Reply("0", 1, 1), Code("0", 1, 1), Started("0.1", SubCallKind.Recurse, 1.5, "look in part 1"), Run("0.1", 1.5, "look in part 1"),
            Reply("0.1", 1, 2), Code("0.1", 1, 2), Started("0.1.1", SubCallKind.Llm, 2.5), Completed("0.1.1", SubCallKind.Llm, 3),
        })
        {
            events.Report(e);
        }

        return Task.CompletedTask;
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        // Synchronisation with the display's refresh loop, not a timing assertion: the deadline only bounds a broken run.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the live display should have drawn it");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    private static List<string> Lines(StringWriter writer) => writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).ToList();

    private EvalRunOptions Options(int count, params IEvalMethod[] methods) => new()
    {
        Family = new NiahFamily(NiahVariant.NoiseNumbers, null),
        Lengths = [8192],
        Count = count,
        Methods = methods,
        OutputFolder = _folder,
        Model = "m",
    };
}
