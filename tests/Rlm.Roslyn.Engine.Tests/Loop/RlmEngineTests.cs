using Microsoft.Extensions.AI;
using Rlm.Roslyn.Tests.Fakes;

namespace Rlm.Roslyn.Tests.Loop;

public sealed class RlmEngineTests
{
    private static readonly RlmContext Haystack = RlmContext.FromString(
        string.Concat(Enumerable.Range(0, 2000).Select(i => i == 1234 ? "the secret code is 7311\n" : $"line {i} says nothing\n")), "haystack.txt");

    [Fact]
    public async Task RunAsync_VariablesPersistAcrossTurns_FinalVarAnswers()
    {
        var root = new ScriptedChatClient(
            Code.Reply("var hit = Grep(\"secret code is (\\\\d+)\").First();\nPrint(hit.Line);"),
            Code.Reply("var code = Regex.Match(hit.LineText, @\"\\d+\").Value;"),
            "FINAL_VAR(code)");

        var result = await new RlmEngine(root).RunAsync("What is the secret code?", Haystack);

        result.Answer.Should().Be("7311");
        result.Ending.Should().Be(RlmEnding.Final);
        result.Iterations.Should().Be(3);
        root.LastUserText(1).Should().Be("1235");
    }

    [Fact]
    public async Task RunAsync_SeveralBlocksInOneReply_RunInOrderAndReportEach()
    {
        var root = new ScriptedChatClient(Code.Reply("var a = 2; Print(a);", "Print(a * 21);"), "FINAL(done)");

        await new RlmEngine(root).RunAsync("q", Haystack);

        root.LastUserText(1).Should().Be("[block 1 of 2]\n2\n\n[block 2 of 2]\n42");
    }

    [Fact]
    public async Task RunAsync_CompileError_IsFedBackThenFixed()
    {
        var root = new ScriptedChatClient(
            Code.Reply("var n = Context.Lenght;"),
            Code.Reply("var n = Context.Length;\nFinal(n);"));

        var result = await new RlmEngine(root).RunAsync("How long?", Haystack);

        root.LastUserText(1).Should().Contain("Compilation failed").And.Contain("(1,17): error CS1061").And.Contain("Lenght");
        result.Answer.Should().Be(Haystack.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task RunAsync_RuntimeException_IsFedBackWithTypeAndLine()
    {
        var root = new ScriptedChatClient(Code.Reply("Print(\"start\");\nvar parts = \"a\".Split(',');\nvar b = parts[3];"), "FINAL(gave up)");

        await new RlmEngine(root).RunAsync("q", Haystack);

        root.LastUserText(1).Should().Be("start\nSystem.IndexOutOfRangeException: Index was outside the bounds of the array. (line 3)");
    }

    [Fact]
    public async Task RunAsync_FinalMarkerWithNestedParentheses_IsTheAnswer()
    {
        var root = new ScriptedChatClient("I know it.\nFINAL(f(x) = (a + b) * 2)");

        var result = await new RlmEngine(root).RunAsync("q", Haystack);

        result.Answer.Should().Be("f(x) = (a + b) * 2");
        result.Iterations.Should().Be(1);
    }

    [Fact]
    public async Task RunAsync_FinalVarOfMissingVariable_TellsTheModelAndContinues()
    {
        var root = new ScriptedChatClient("FINAL_VAR(nothing)", Code.Reply("var nothing = \"now it exists\";"), "FINAL_VAR(nothing)");

        var result = await new RlmEngine(root).RunAsync("q", Haystack);

        root.LastUserText(1).Should().Contain("no variable named 'nothing'");
        result.Answer.Should().Be("now it exists");
        result.Iterations.Should().Be(3);
    }

    [Fact]
    public async Task RunAsync_FinalCalledInCode_StopsBeforeLaterBlocks()
    {
        var root = new ScriptedChatClient(Code.Reply("Final(new[] { \"x\", \"y\" });", "Print(\"never\");"));

        var events = await CollectAsync(new RlmEngine(root).RunStreamingAsync("q", Haystack));

        ((FinalEvent)events[^1]).Result.Answer.Should().Be("x\ny");
        events.OfType<CodeEvent>().Should().ContainSingle();
    }

    [Fact]
    public async Task RunAsync_HugeOutput_IsTruncatedWithMarker()
    {
        var root = new ScriptedChatClient(Code.Reply("Print(Peek(0, 60000));"), "FINAL(ok)");

        await new RlmEngine(root, options: new RlmOptions { MaxFeedbackChars = 5_000 }).RunAsync("q", Haystack);

        var feedback = root.LastUserText(1);
        feedback.Should().StartWith("line 0 says nothing").And.Contain("chars cut");
        feedback.Length.Should().BeLessThan(5_200);
    }

    [Fact]
    public async Task RunAsync_IterationCap_AsksForBestAnswer()
    {
        var root = new ScriptedChatClient(Code.Reply("Print(1);"), Code.Reply("Print(2);"), "My best guess:\nFINAL(maybe 7311)");

        var result = await new RlmEngine(root, options: new RlmOptions { MaxIterations = 2 }).RunAsync("q", Haystack);

        result.Ending.Should().Be(RlmEnding.IterationLimit);
        result.Answer.Should().Be("maybe 7311");
        result.Reason.Should().Contain("iteration cap (2)");
        root.LastUserText(2).Should().Contain("used all 2 turns");
    }

    [Fact]
    public async Task RunAsync_NoCodeAndNoAnswer_AsksForCode()
    {
        var root = new ScriptedChatClient(string.Empty, "FINAL(x)");

        await new RlmEngine(root).RunAsync("q", Haystack);

        root.LastUserText(1).Should().Contain("no ```csharp block");
    }

    [Fact]
    public async Task RunAsync_RecurseAtMaxDepth_FallsBackToPlainSubCall()
    {
        var root = new ScriptedChatClient(Code.Reply("var r = Recurse(\"Which code?\", Peek(0, 30)); Final(r);"));
        var sub = new ScriptedChatClient("from the sub model");

        var result = await new RlmEngine(root, sub, new RlmOptions { MaxDepth = 0 }).RunAsync("q", Haystack);

        result.Answer.Should().Be("from the sub model");
        sub.Requests.Should().ContainSingle();
        sub.LastUserText(0).Should().StartWith("Which code?").And.Contain("line 0 says nothing");
        result.UsageByDepth.Keys.Should().Equal(0, 1);
    }

    [Fact]
    public async Task RunAsync_RecurseBelowMaxDepth_RunsChildRlmWithItsOwnSession()
    {
        // No sub client: the child RLM talks to the root client too; it sees a depth-1 system prompt and its own context.
        var root = new ScriptedChatClient(messages =>
        {
            var system = messages[0].Text;
            var turn = messages.Count(m => m.Role == ChatRole.Assistant);
            if (system.Contains("depth 1", StringComparison.Ordinal))
            {
                return turn == 0 ? Code.Reply("var childLength = Context.Length; Print(childLength);") : "FINAL(child saw " + messages[^1].Text + " chars)";
            }

            return turn == 0 ? Code.Reply("var answer = Recurse(\"How long is your context?\", Context.Slice(0, 100)); Print(answer);") : "FINAL_VAR(answer)";
        });

        var events = await CollectAsync(new RlmEngine(root).RunStreamingAsync("q", Haystack));
        var result = ((FinalEvent)events[^1]).Result;

        result.Answer.Should().Be("child saw 100 chars");
        events.OfType<RunStartedEvent>().Select(e => e.Path).Should().Equal("0", "0.1");
        events.OfType<FinalEvent>().Select(e => (e.Path, e.Depth)).Should().Equal(("0.1", 1), ("0", 0));
        result.UsageByDepth[1].Calls.Should().Be(2, "the child's root made two calls at depth 1");
    }

    [Fact]
    public async Task RunAsync_LlmMany_KeepsOrderAndTurnsOneFailureIntoErrorEntry()
    {
        var sub = new ScriptedChatClient(async (messages, _, ct) =>
        {
            var prompt = messages[^1].Text;
            await Task.Delay(Random.Shared.Next(1, 40), ct);
            return prompt == "p3" ? throw new HttpRequestException("endpoint down") : prompt.ToUpperInvariant();
        });
        var root = new ScriptedChatClient(Code.Reply("var answers = LlmMany(Enumerable.Range(0, 8).Select(i => $\"p{i}\"));\nFinal(string.Join(\",\", answers));"));

        var result = await new RlmEngine(root, sub, new RlmOptions { MaxConcurrency = 3 }).RunAsync("q", Haystack);

        result.Answer.Should().Be("P0,P1,P2,Error: endpoint down,P4,P5,P6,P7");
    }

    [Fact]
    public async Task RunStreamingAsync_EventsComeInOrder()
    {
        var sub = new ScriptedChatClient("sub answer");
        var root = new ScriptedChatClient(Code.Reply("Print(Llm(\"hello\"));"), "FINAL(done)");

        var events = await CollectAsync(new RlmEngine(root, sub).RunStreamingAsync("q", Haystack));

        events.Select(e => e.GetType().Name).Should().Equal(
            nameof(RunStartedEvent), nameof(ModelReplyEvent), nameof(CodeEvent), nameof(SubCallStartedEvent), nameof(SubCallCompletedEvent),
            nameof(CodeOutputEvent), nameof(UsageEvent), nameof(ModelReplyEvent), nameof(UsageEvent), nameof(FinalEvent));
        events.OfType<SubCallStartedEvent>().Single().Should().Match<SubCallStartedEvent>(e => e.Path == "0.1" && e.Depth == 1 && e.Kind == SubCallKind.Llm);
        events.OfType<CodeOutputEvent>().Single().Output.Should().Be("sub answer");
    }

    [Fact]
    public async Task RunAsync_Usage_SumsExactlyOverDepths()
    {
        var sub = new ScriptedChatClient(m => new string('s', m[^1].Text.Length));
        var root = new ScriptedChatClient(Code.Reply("var xs = LlmMany(new[] { \"aaaa\", \"bbbbbbbb\" });"), "FINAL(ok)");

        var result = await new RlmEngine(root, sub).RunAsync("q", Haystack);

        result.UsageByDepth[1].Should().Be(new RlmUsage(2, 1 + 2, 1 + 2));
        result.UsageByDepth[0].Calls.Should().Be(2);
        result.Usage.Should().Be(result.UsageByDepth[0] + result.UsageByDepth[1]);
    }

    [Fact]
    public async Task RunAsync_RootCallFails_EndsWithErrorAndReason()
    {
        var root = new ScriptedChatClient(Code.Reply("var kept = 1;"));

        var events = await CollectAsync(new RlmEngine(root).RunStreamingAsync("q", Haystack));
        var result = ((FinalEvent)events[^1]).Result;

        result.Ending.Should().Be(RlmEnding.Error);
        result.Reason.Should().Contain("turn 2").And.Contain("ran out of replies");
        events.OfType<CodeOutputEvent>().Should().ContainSingle("what ran before the failure stays in the trace");
    }

    [Fact]
    public async Task RunAsync_SystemPrompt_DocumentsEveryGlobal()
    {
        var root = new ScriptedChatClient("FINAL(x)");

        await new RlmEngine(root).RunAsync("q", Haystack);

        var system = root.Requests[0][0].Text;
        foreach (var name in new[] { "Context", "Query", "Documents", "Peek", "Grep", "Partition", "Llm", "LlmMany", "Recurse", "RecurseMany", "Summarize", "Print", "ShowVars", "Final" })
        {
            system.Should().Contain($" {name}", because: $"{name} is part of the script API");
        }

        system.Should().Contain("string Peek(int start = 0, int length = 2000)`: Returns up to");
        system.Should().NotContain("__RlmCheckpoint").And.NotContain("FinalAnswer");
        root.Requests[0][1].Text.Should().Contain("Question: q").And.Contain("haystack.txt").And.Contain("line 0 says nothing");
    }

    [Fact]
    public async Task RunAsync_SnippetStuckInLibraryCall_ResetsSessionAndTellsModel()
    {
        var root = new ScriptedChatClient(
            Code.Reply("var kept = 1;"),
            Code.Reply("System.Threading.Thread.Sleep(5000);"),
            Code.Reply("Print(kept);"),
            "FINAL(done)");

        var events = await CollectAsync(new RlmEngine(root, options: new RlmOptions { SnippetTimeout = TimeSpan.FromMilliseconds(200), SubmissionPolicy = TrustedCodePolicy.Instance }).RunStreamingAsync("q", Haystack));

        events.OfType<SessionResetEvent>().Should().ContainSingle();
        root.LastUserText(2).Should().Contain("session was reset");
        root.LastUserText(3).Should().Contain("CS0103", "variables from before the reset are gone");
        ((FinalEvent)events[^1]).Result.Answer.Should().Be("done");
    }

    [Fact]
    public async Task RunStreamingAsync_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        var root = new ScriptedChatClient(async (_, _, ct) =>
        {
            await cts.CancelAsync();
            await Task.Delay(Timeout.Infinite, ct);
            return "never";
        });

        var act = () => new RlmEngine(root).RunAsync("q", Haystack, cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    private static async Task<List<RlmEvent>> CollectAsync(IAsyncEnumerable<RlmEvent> events)
    {
        var list = new List<RlmEvent>();
        await foreach (var e in events)
        {
            list.Add(e);
        }

        return list;
    }
}
