using Microsoft.Extensions.AI;
using Rlm.Roslyn.Tests.Fakes;

namespace Rlm.Roslyn.Tests.Loop;

/// <summary>Whole-tree budgets: each limit, at each depth, ends the run with a partial answer and the reason; usage and cost add up exactly.</summary>
public sealed class BudgetTests
{
    private static readonly RlmContext SixLines = RlmContext.FromString("c0\nc1\nc2\nc3\nc4\nc5\n", "six.txt");

    [Fact]
    public async Task RunAsync_RootTurnUsesUpTheTokens_EndsAfterItsSnippetWithThatOutput()
    {
        var root = new ScriptedChatClient(Code.Reply("Print(\"found 42 so far\");"), "FINAL(never asked)");

        var result = await Run(root, null, new RlmOptions { Budget = new RlmBudget { MaxTotalTokens = 10 } });

        result.Ending.Should().Be(RlmEnding.BudgetExhausted);
        result.Answer.Should().Be("found 42 so far");
        result.Reason.Should().Contain("the token budget of 10 is used up");
        root.Requests.Should().HaveCount(1, "the second turn was refused");
    }

    [Fact]
    public async Task LlmMany_SubCallBudget_IsExactAndTheRestGetErrorEntries()
    {
        var sub = new ScriptedChatClient((m, _, ct) => Task.Delay(10, ct).ContinueWith(_ => "A" + m[^1].Text, ct, TaskContinuationOptions.None, TaskScheduler.Default));
        var root = new ScriptedChatClient(Code.Reply("Print(string.Join(\"|\", LlmMany(Enumerable.Range(0, 5).Select(i => i.ToString()))));"), "FINAL(never asked)");

        var result = await Run(root, sub, new RlmOptions { Budget = new RlmBudget { MaxSubCalls = 3 } });

        sub.Requests.Should().HaveCount(3);
        const string refused = "Error: budget exhausted: the sub-call budget of 3 calls is used up";
        result.Answer.Should().Be($"A0|A1|A2|{refused}|{refused}");
        result.Ending.Should().Be(RlmEnding.BudgetExhausted);
        result.Usage.Calls.Should().Be(1 + 3);
        root.Requests.Should().HaveCount(1);
    }

    [Fact]
    public async Task Recurse_ChildTurnUsesUpOutputTokens_ChildEndsAndTheRootEndsWithWhatItLearned()
    {
        var sub = new ScriptedChatClient(m => Code.Reply("Print(\"child found c3\");") + "\n" + new string('.', 4000));
        var root = new ScriptedChatClient(Code.Reply("var r = Recurse(\"where is c3?\", Context);\nPrint(\"child said: \" + r);"), "FINAL(never asked)");

        var events = await Collect(root, sub, new RlmOptions { Budget = new RlmBudget { MaxOutputTokens = 500 } });
        var result = ((FinalEvent)events[^1]).Result;

        var child = events.OfType<FinalEvent>().Single(e => e.Path == "0.1").Result;
        child.Ending.Should().Be(RlmEnding.BudgetExhausted);
        child.Answer.Should().Be("child found c3");
        result.Ending.Should().Be(RlmEnding.BudgetExhausted);
        result.Answer.Should().StartWith("child said: Error: Budget exhausted: the output-token budget of 500 is used up");
        result.Reason.Should().Contain("output-token budget of 500");
        sub.Requests.Should().HaveCount(1);
        root.Requests.Should().HaveCount(1);
    }

    [Fact]
    public async Task Recurse_GrandchildDrawsOnWhatIsLeft_ItsPlainCallIsRefused()
    {
        // Depth 0 root -> depth 1 child -> depth 2 grandchild, whose plain Llm call (depth 3) would be the fourth sub-call.
        var sub = new ScriptedChatClient(m => Prompts.IsRlmTurn(m)
            ? Prompts.DepthOf(m) == 1
                ? Code.Reply("Final(\"child got: \" + Recurse(\"deeper\", Context));")
                : Code.Reply("var a = Llm(\"first\");\nvar b = Llm(\"second\");\nFinal(a + \" / \" + b);")
            : "answer to " + m[^1].Text);
        var root = new ScriptedChatClient(Code.Reply("Final(Recurse(\"top\", Context));"));

        var events = await Collect(root, sub, new RlmOptions { MaxDepth = 2, Budget = new RlmBudget { MaxSubCalls = 3 } });
        var result = ((FinalEvent)events[^1]).Result;

        sub.Requests.Should().HaveCount(3, "child turn, grandchild turn, one plain call: the budget is shared by the whole tree");
        var grandchild = events.OfType<FinalEvent>().Single(e => e.Path == "0.1.1").Result;
        grandchild.Answer.Should().Be("answer to first / Error: budget exhausted: the sub-call budget of 3 calls is used up");
        grandchild.Ending.Should().Be(RlmEnding.BudgetExhausted, "its answer was built while a call was refused");
        result.Ending.Should().Be(RlmEnding.BudgetExhausted);
        result.Reason.Should().Contain("sub-call budget of 3");
        result.UsageByDepth.Keys.Should().Equal(0, 1, 2, 3);
        result.UsageByDepth[3].Calls.Should().Be(1);
    }

    [Fact]
    public async Task RunAsync_WallClockRunsOutDuringASubCall_TheCallIsCutAndTheRunEnds()
    {
        var sub = new ScriptedChatClient(async (_, _, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return "never";
        });
        var root = new ScriptedChatClient(Code.Reply("Print(\"before\");\nPrint(Llm(\"slow\"));"), "FINAL(never asked)");

        var result = await Run(root, sub, new RlmOptions { Budget = new RlmBudget { MaxWallClock = TimeSpan.FromMilliseconds(500) } });

        result.Ending.Should().Be(RlmEnding.BudgetExhausted);
        result.Answer.Should().Be("before\nError: budget exhausted: the wall-clock budget of 0.5 s is used up");
        result.Reason.Should().Contain("wall-clock budget of 0.5 s");
    }

    [Fact]
    public async Task RunAsync_CostBudget_PricesPerModelAndStopsWhenSpent()
    {
        var sub = new ScriptedChatClient(m => new string('x', 400)); // 100 output tokens per call
        var root = new ScriptedChatClient(
            Code.Reply("Print(Llm(new string('p', 4000)).Length);"), // 1,000 input tokens
            Code.Reply("Print(Llm(\"again\"));"),
            "FINAL(never asked)");
        var options = new RlmOptions
        {
            RootChatOptions = new ChatOptions { ModelId = "root-m" },
            SubChatOptions = new ChatOptions { ModelId = "sub-m" },
            Prices = new Dictionary<string, ModelPrice> { ["root-m"] = new(0m, 0m), ["sub-m"] = new(1_000m, 2_000m) },
            Budget = new RlmBudget { MaxCostUsd = 1.1m },
        };

        var result = await Run(root, sub, options);

        // sub call 1: 1,000 in * $1,000/M + 100 out * $2,000/M = $1.20, past the $1.10 budget: the next call is refused.
        result.UsageByModel["sub-m"].CostUsd.Should().Be(1.2m);
        result.UsageByModel["root-m"].CostUsd.Should().Be(0m);
        result.Usage.CostUsd.Should().Be(1.2m);
        result.Ending.Should().Be(RlmEnding.BudgetExhausted);
        result.Reason.Should().Contain("cost budget of $1.1");
        sub.Requests.Should().HaveCount(1);
    }

    [Fact]
    public async Task RunAsync_UsageAndCost_TotalsAreExactlyTheSumOfDepthsAndOfModels()
    {
        var sub = new ScriptedChatClient(m => Prompts.IsRlmTurn(m)
            ? Code.Reply("Final(string.Join(\";\", LlmMany(new[] { \"one \" + Context, \"two \" + Context })));")
            : new string('y', m[^1].Text.Length * 3));
        var root = new ScriptedChatClient(Code.Reply("var a = RecurseMany(\"q\", PartitionByLines(2));\nvar b = Llm(\"direct question\");"), "FINAL(done)");
        var options = new RlmOptions
        {
            RootChatOptions = new ChatOptions { ModelId = "root-m" },
            SubChatOptions = new ChatOptions { ModelId = "sub-m" },
            Prices = new Dictionary<string, ModelPrice> { ["root-m"] = new(1.25m, 10m), ["sub-m"] = new(0.25m, 2m) },
        };

        var result = await Run(root, sub, options);

        result.Ending.Should().Be(RlmEnding.Final);
        Sum(result.UsageByDepth.Values).Should().Be(result.Usage);
        Sum(result.UsageByModel.Values).Should().Be(result.Usage);
        result.UsageByModel.Keys.Should().BeEquivalentTo(["root-m", "sub-m"]);
        result.UsageByModel["root-m"].Should().Be(result.UsageByDepth[0]);
        result.Usage.Calls.Should().Be(2 + 3 + 1 + 6);

        // Every token the clients reported, priced by hand.
        var rootIn = root.Requests.Sum(r => (long)(r.Sum(m => m.Text.Length) / 4));
        var subIn = sub.Requests.Sum(r => (long)(r.Sum(m => m.Text.Length) / 4));
        result.UsageByModel["root-m"].InputTokens.Should().Be(rootIn);
        result.UsageByModel["sub-m"].InputTokens.Should().Be(subIn);
        var expected = new ModelPrice(1.25m, 10m).Cost(rootIn, result.UsageByModel["root-m"].OutputTokens)
            + new ModelPrice(0.25m, 2m).Cost(subIn, result.UsageByModel["sub-m"].OutputTokens);
        result.Usage.CostUsd.Should().Be(expected);
    }

    [Fact]
    public void Validate_NonPositiveLimit_Throws()
    {
        var act = () => new RlmOptions { Budget = new RlmBudget { MaxCostUsd = 0m } }.Validate();

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("MaxCostUsd");
    }

    private static RlmUsage Sum(IEnumerable<RlmUsage> parts) => parts.Aggregate(default(RlmUsage), (a, b) => a + b);

    private static Task<RlmResult> Run(ScriptedChatClient root, ScriptedChatClient? sub, RlmOptions options) =>
        new RlmEngine(root, sub, options).RunAsync("q", SixLines, TestContext.Current.CancellationToken);

    private static async Task<List<RlmEvent>> Collect(ScriptedChatClient root, ScriptedChatClient sub, RlmOptions options)
    {
        var events = new List<RlmEvent>();
        await foreach (var e in new RlmEngine(root, sub, options).RunStreamingAsync("q", SixLines, TestContext.Current.CancellationToken))
        {
            events.Add(e);
        }

        return events;
    }
}
