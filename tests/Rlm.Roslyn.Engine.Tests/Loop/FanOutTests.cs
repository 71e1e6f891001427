using System.Globalization;
using Microsoft.Extensions.AI;
using Rlm.Roslyn.Tests.Fakes;

namespace Rlm.Roslyn.Tests.Loop;

/// <summary>LlmMany, Map and RecurseMany: order, the tree-wide bound, partial failure, paths and cancellation.</summary>
public sealed class FanOutTests
{
    private static readonly RlmContext SixLines = RlmContext.FromString("c0\nc1\nc2\nc3\nc4\nc5\n", "six.txt");

    [Fact]
    public async Task LlmMany_AnswersFinishOutOfOrder_ComeBackInInputOrderUnderTheBound()
    {
        var probe = new ConcurrencyProbe();
        var sub = new ScriptedChatClient((m, _, ct) => probe.RunAsync(async () =>
        {
            var i = int.Parse(m[^1].Text[1..], CultureInfo.InvariantCulture);
            await Task.Delay((24 - i) * 4, ct); // later prompts answer first
            return "A" + i;
        }));
        var root = new ScriptedChatClient(Code.Reply("var xs = LlmMany(Enumerable.Range(0, 24).Select(i => $\"p{i}\"));\nFinal(string.Join(\",\", xs));"));

        var result = await new RlmEngine(root, sub, new RlmOptions { MaxConcurrency = 4 }).RunAsync("q", SixLines, TestContext.Current.CancellationToken);

        result.Answer.Should().Be(string.Join(",", Enumerable.Range(0, 24).Select(i => "A" + i)));
        probe.Total.Should().Be(24);
        probe.Max.Should().Be(4, "the bound is 4 and 24 slow calls fill it");
    }

    [Fact]
    public async Task RecurseMany_ChildrenFanOutToo_BoundHoldsAcrossTheWholeTree()
    {
        var probe = new ConcurrencyProbe();
        var sub = new ScriptedChatClient((m, _, ct) => probe.RunAsync(async () =>
        {
            await Task.Delay(30, ct);
            if (!Prompts.IsRlmTurn(m))
            {
                return m[^1].Text.ToUpperInvariant();
            }

            // Each child RLM fans out 4 plain calls over its own chunk, then answers with them.
            return Code.Reply("var parts = LlmMany(Enumerable.Range(0, 4).Select(i => $\"{Context.ToString().Trim()}#{i}\"));\nFinal(string.Join(\"+\", parts));");
        }));
        var root = new ScriptedChatClient(Code.Reply("var answers = RecurseMany(\"shout\", PartitionByLines(1));\nFinal(string.Join(\"|\", answers));"));

        var result = await new RlmEngine(root, sub, new RlmOptions { MaxConcurrency = 3 }).RunAsync("q", SixLines, TestContext.Current.CancellationToken);

        result.Answer.Should().Be(string.Join("|", Enumerable.Range(0, 6).Select(c => string.Join("+", Enumerable.Range(0, 4).Select(i => $"C{c}#{i}")))));
        probe.Total.Should().Be(6 + 24, "six child turns and four plain calls per child");
        probe.Max.Should().Be(3, "one bound of 3 requests in flight holds for children and their sub-calls together");
        result.UsageByDepth[1].Calls.Should().Be(6, "child turns are at depth 1");
        result.UsageByDepth[2].Calls.Should().Be(24, "their plain calls one deeper");
    }

    [Fact]
    public async Task RecurseMany_ChildrenAndGrandchildren_RunInTheirOwnSessionsWithTreePaths()
    {
        var sub = new ScriptedChatClient(m => Prompts.DepthOf(m) switch
        {
            // A child keeps a variable of its own, then asks a grandchild about its chunk.
            1 when Prompts.TurnsSoFar(m) == 0 => Code.Reply("var mine = Context.ToString().Trim();"),
            1 => Code.Reply("Final(mine + \"/\" + Recurse(\"inner\", Context));"),
            _ => "FINAL(deep)",
        });
        var root = new ScriptedChatClient(Code.Reply("var answers = RecurseMany(\"outer\", PartitionByLines(2));\nFinal(string.Join(\",\", answers));"));

        var events = new List<RlmEvent>();
        await foreach (var e in new RlmEngine(root, sub, new RlmOptions { MaxDepth = 2 }).RunStreamingAsync("q", SixLines, TestContext.Current.CancellationToken))
        {
            events.Add(e);
        }

        ((FinalEvent)events[^1]).Result.Answer.Should().Be("c0\nc1/deep,c2\nc3/deep,c4\nc5/deep");
        var started = events.OfType<RunStartedEvent>().ToList();
        started.Where(e => e.Depth == 1).Select(e => (e.Path, e.Query)).Should().BeEquivalentTo([("0.1", "outer"), ("0.2", "outer"), ("0.3", "outer")]);
        started.Where(e => e.Depth == 2).Select(e => e.Path).Should().BeEquivalentTo(["0.1.1", "0.2.1", "0.3.1"]);
        events.OfType<FinalEvent>().Where(e => e.Depth == 1).Select(e => (e.Path, e.Result.Answer)).Should().BeEquivalentTo(
            [("0.1", "c0\nc1/deep"), ("0.2", "c2\nc3/deep"), ("0.3", "c4\nc5/deep")],
            "path 0.k is the k-th chunk: paths follow input order");
        events.Where(e => e.Path.StartsWith("0.2.1", StringComparison.Ordinal)).Should().OnlyContain(e => e.Depth == 2);
    }

    [Fact]
    public async Task Map_OneChunkFails_GivesAnErrorEntryAndTheRestAnswer()
    {
        var sub = new ScriptedChatClient((m, _, _) => m[^1].Text.Contains("c2", StringComparison.Ordinal)
            ? throw new InvalidOperationException("boom")
            : Task.FromResult("ok"));
        var root = new ScriptedChatClient(Code.Reply("Final(string.Join(\",\", Map(PartitionByLines(1), \"What is here?\")));"));

        var result = await new RlmEngine(root, sub).RunAsync("q", SixLines, TestContext.Current.CancellationToken);

        result.Answer.Should().Be("ok,ok,Error: boom,ok,ok,ok");
        var third = sub.Requests.Select(r => r[^1].Text).Single(t => t.Contains("c2", StringComparison.Ordinal));
        third.Should().StartWith("What is here?\n").And.Contain("(part 3 of 6, from six.txt)").And.EndWith("--- TEXT ---\nc2\n");
    }

    [Fact]
    public async Task RecurseMany_Cancelled_ReachesEveryChildInFlight()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var started = 0;
        var cancelled = 0;
        var sub = new ScriptedChatClient(async (_, _, ct) =>
        {
            if (Interlocked.Increment(ref started) == 6)
            {
                await cts.CancelAsync();
            }

            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref cancelled);
                throw;
            }

            return "never";
        });
        var root = new ScriptedChatClient(Code.Reply("Final(string.Join(\",\", RecurseMany(\"q\", PartitionByLines(1))));"));

        var act = () => new RlmEngine(root, sub).RunAsync("q", SixLines, cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        started.Should().Be(6);
        cancelled.Should().Be(6, "every child's pending call saw the cancellation");
    }

    [Fact]
    public async Task LlmMany_Cancelled_StopsCallsInFlightAndStartsNoMore()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var started = 0;
        var cancelled = 0;
        var sub = new ScriptedChatClient(async (_, _, ct) =>
        {
            if (Interlocked.Increment(ref started) == 2)
            {
                await cts.CancelAsync();
            }

            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref cancelled);
                throw;
            }

            return "never";
        });
        var root = new ScriptedChatClient(Code.Reply("Final(string.Join(\",\", LlmMany(Enumerable.Range(0, 50).Select(i => $\"p{i}\"))));"));

        var act = () => new RlmEngine(root, sub, new RlmOptions { MaxConcurrency = 2 }).RunAsync("q", SixLines, cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        started.Should().Be(2, "the bound was full when the cancellation came, and nothing starts after it");
        cancelled.Should().Be(2);
    }

    [Fact]
    public async Task SystemPrompt_DocumentsMap()
    {
        var root = new ScriptedChatClient("FINAL(x)");

        await new RlmEngine(root).RunAsync("q", SixLines, TestContext.Current.CancellationToken);

        root.Requests[0][0].Text.Should().Contain("string[] Map(IEnumerable<Chunk> chunks, string question)`: Asks the sub-model");
    }
}
