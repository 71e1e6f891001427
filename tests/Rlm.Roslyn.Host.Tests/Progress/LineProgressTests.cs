using Rlm.Roslyn.Host.Tests.Fakes;
using Rlm.Roslyn.Host.Tests.View;
using static Rlm.Roslyn.Host.Tests.Progress.ProgressEvents;

namespace Rlm.Roslyn.Host.Tests.Progress;

/// <summary>Progress as plain lines on a standard error that is not a terminal, and the default of showing nothing there.</summary>
public sealed class LineProgressTests
{
    [Fact]
    public void Report_Steps_WritesOneTimedLinePerStepWithThePath()
    {
        using var writer = new StringWriter();
        var progress = new LineProgress(writer);

        foreach (var e in new RlmEvent[] { Run("0", 0), Reply("0", 1, 1.25), Code("0", 1, 1.3), Started("0.1", SubCallKind.Llm, 1.4), Completed("0.1", SubCallKind.Llm, 1.9), Output("0", 1, 2), Final("0", 3) })
        {
            progress.Report(e);
        }

        writer.ToString().ReplaceLineEndings("\n").Should().Be(
            """
            [   0.0s] 0 root RLM started over 1,000 chars in 2 document(s)
            [   1.3s] 0 turn 1: reply (100 tokens)
            [   1.9s] 0.1 LLM call done in 500 ms, 42 tokens: sub answer
            [   2.0s] 0 turn 1: block 1 completed in 12 ms
            [   3.0s] 0 finished (Final) after 2 turn(s): 3 LM call(s), 330 tokens, 3.0 s

            """);
    }

    [Fact]
    public void Report_PricedRun_ShowsTheCostOnTheFinalLineAndInTheTreeHeader()
    {
        using var writer = new StringWriter();
        var progress = new LineProgress(writer);
        var model = new ProgressModel();
        var priced = new RlmResult("Paris", RlmEnding.Final, null, 1, new RlmUsage(3, 300, 30) { CostUsd = 0.0123m }, new Dictionary<int, RlmUsage>(), TimeSpan.FromSeconds(3));
        var reply = Reply("0", 1, 1) with { Usage = new RlmUsage(1, 90, 10) { CostUsd = 0.0123m } };

        foreach (var e in new RlmEvent[] { Run("0", 0), reply, new FinalEvent { Path = "0", Depth = 0, Result = priced, Timestamp = At(3) } })
        {
            progress.Report(e);
            model.Apply(e);
        }

        writer.ToString().Should().Contain("330 tokens, $0.0123, 3.0 s");
        model.CostUsd.Should().Be(0.0123m);
    }

    [Fact]
    public async Task RunAsync_AskWithProgressToAPipe_WritesPlainLinesForTheWholeTree()
    {
        using var host = new HostHarness();

        var exitCode = await NestedRun.AskAsync(host, "--progress");

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        host.Out.Should().Be(NestedRun.Answer + Environment.NewLine);
        host.Error.Should().NotContain("\u001b", "no escape codes when standard error is not a terminal");
        var lines = host.ErrorLines;
        lines.Should().OnlyContain(l => l.StartsWith('['));
        lines.Should().Contain(l => l.Contains("] 0 root RLM started over", StringComparison.Ordinal));
        lines.Should().Contain(l => l.Contains("] 0.1 child RLM: \"Which city is the capital?\"", StringComparison.Ordinal));
        lines.Should().Contain(l => l.Contains("] 0.1.1 LLM call done in ", StringComparison.Ordinal) && l.EndsWith(": Paris", StringComparison.Ordinal));
        lines.Should().Contain(l => l.Contains("] 0.1 child RLM done in ", StringComparison.Ordinal));
        lines.Should().Contain(l => l.Contains("] 0.2 LLM call done in ", StringComparison.Ordinal) && l.EndsWith(": PARIS", StringComparison.Ordinal));
        lines[^1].Should().Contain("] 0 finished (Final) after 2 turn(s): 6 LM call(s)");
    }

    [Fact]
    public async Task RunAsync_AskToAPipeByDefault_WritesNoProgress()
    {
        using var host = new HostHarness();

        var exitCode = await NestedRun.AskAsync(host);

        exitCode.Should().Be(0);
        host.Error.Should().BeEmpty("a piped standard error carries only errors unless --progress is given");
    }

    [Fact]
    public async Task RunAsync_QuietAtATerminal_WritesNoProgress()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("geo.txt", "The capital is Paris.\n");
        await using var server = await ScriptedOpenAIServer.StartAsync(NestedRun.Respond);
        var console = host.HostConsole with { IsErrorTerminal = true };

        var exitCode = await RlmCli.RunAsync(["ask", "What is the capital?", file, "--quiet", "--endpoint", server.BaseUrl.ToString(), "--api-key", "k"], console, TestContext.Current.CancellationToken);

        exitCode.Should().Be(0);
        host.Error.Should().BeEmpty();
    }
}
