using Spectre.Console.Testing;
using static Rlm.Roslyn.Host.Tests.Progress.ProgressEvents;

namespace Rlm.Roslyn.Host.Tests.Progress;

/// <summary>The live tree, drawn on Spectre's test console: what each node is doing, totals, collapsed finished branches.</summary>
public sealed class ProgressTreeViewTests
{
    [Fact]
    public void Render_RunningChildWithSubCalls_ShowsTheTreeWithActivitiesTokensAndInFlight()
    {
        var model = Feed(
            Run("0", 0),
            Reply("0", 1, 1, tokens: 1_200),
            Code("0", 1, 1.1),
            Started("0.1", SubCallKind.Recurse, 1.2, "Which city is the capital?"),
            Run("0.1", 1.2, "Which city is the capital?"),
            Reply("0.1", 1, 2, tokens: 300),
            Code("0.1", 1, 2.1),
            Started("0.1.1", SubCallKind.Llm, 2.2, "extract the city"));

        var text = Draw(model, At(3.5));

        text.Should().Contain("rlm · 3.5 s · 2 LM call(s) · 1,500 tokens · 2 sub-call(s) in flight");
        text.Should().Contain("0 root RLM \"What is the capital?\" · turn 1: running block 1 · 1,500 tok · 3.5 s");
        text.Should().Contain("0.1 child RLM d1 \"Which city is the capital?\" · turn 1: running block 1 · 300 tok · 2.3 s");
        text.Should().Contain("0.1.1 LLM call d2 \"extract the city\" · waiting for the sub-model · 0 tok · 1.3 s");
        Line(text, "0.1.1").Should().BeGreaterThan(Line(text, "0.1 child"), "the call is drawn under its child RLM");
    }

    [Fact]
    public void Render_FinishedChild_IsOneLineWithItsAnswerAndItsBranchCollapsed()
    {
        var model = Feed(
            Run("0", 0),
            Reply("0", 1, 1),
            Code("0", 1, 1),
            Started("0.1", SubCallKind.Recurse, 1),
            Run("0.1", 1, "sub question"),
            Started("0.1.1", SubCallKind.Llm, 1.5, "grandchild prompt"),
            Completed("0.1.1", SubCallKind.Llm, 2),
            Final("0.1", 2.5, "Paris"),
            Completed("0.1", SubCallKind.Recurse, 2.5, "Paris"));

        var text = Draw(model, At(4));

        text.Should().Contain("✓ 0.1 child RLM d1 \"sub question\" → Paris · 42 tok · 1.5 s");
        text.Should().NotContain("grandchild prompt", "a finished branch is collapsed to its own line");
        text.Should().NotContain("in flight");
    }

    [Fact]
    public void Render_ManySubCalls_KeepsTheLastFinishedAndCountsTheRest()
    {
        var events = new List<RlmEvent> { Run("0", 0), Reply("0", 1, 1), Code("0", 1, 1) };
        for (var i = 1; i <= 12; i++)
        {
            events.Add(Started($"0.{i}", SubCallKind.Llm, 1 + (i * 0.01), $"prompt {i}"));
        }

        for (var i = 1; i <= 7; i++)
        {
            events.Add(Completed($"0.{i}", SubCallKind.Llm, 2 + (i * 0.01), $"answer {i}", succeeded: i != 2));
        }

        var text = Draw(Feed([.. events]), At(3));

        text.Should().Contain("4 earlier sub-call(s) finished, 1 failed");
        text.Should().Contain("\"prompt 5\"").And.Contain("\"prompt 6\"").And.Contain("\"prompt 7\"").And.NotContain("\"prompt 4\"");
        text.Should().Contain("\"prompt 8\"").And.Contain("\"prompt 12\"");
        text.Should().Contain("5 sub-call(s) in flight");
    }

    [Fact]
    public void Render_FailedCall_IsMarkedFailed()
    {
        var model = Feed(Run("0", 0), Code("0", 1, 0.5), Started("0.1", SubCallKind.Llm, 1), Completed("0.1", SubCallKind.Llm, 2, "Error: 400", succeeded: false));

        Draw(model, At(2)).Should().Contain("✗ 0.1 LLM call d1 \"sub question\" → Error: 400");
    }

    [Fact]
    public void Render_MarkupInModelText_IsShownAsText()
    {
        var model = Feed(Run("0", 0, "[red]not markup[/] [bold"));

        Draw(model, At(1)).Should().Contain("\"[red]not markup[/] [bold\"");
    }

    [Fact]
    public async Task LiveProgress_OnTestConsole_DrawsTheLastStateWhenStopped()
    {
        var console = new TestConsole().Width(200);
        var live = new LiveProgress(console);

        foreach (var e in new RlmEvent[] { Run("0", 0), Reply("0", 1, 1), Code("0", 1, 1), Started("0.1", SubCallKind.Llm, 1), Completed("0.1", SubCallKind.Llm, 2), Final("0", 3) })
        {
            live.Report(e);
        }

        await live.StopAsync();
        live.Report(Run("0.9", 4, "after the stop"));
        await live.DisposeAsync();

        console.Output.Should().Contain("✓ 0 root RLM \"What is the capital?\" → Paris").And.Contain("✓ 0.1 LLM call");
        console.Output.Should().NotContain("after the stop");
    }

    private static ProgressModel Feed(params RlmEvent[] events)
    {
        var model = new ProgressModel();
        foreach (var e in events)
        {
            model.Apply(e);
        }

        return model;
    }

    private static string Draw(ProgressModel model, DateTimeOffset now)
    {
        var console = new TestConsole().Width(200);
        console.Write(ProgressTreeView.Render(model, now));
        return string.Join('\n', console.Lines.Select(l => l.TrimEnd()));
    }

    private static int Line(string text, string start) =>
        text.Split('\n').Select((l, i) => (l, i)).First(x => x.l.Contains(start, StringComparison.Ordinal)).i;
}
