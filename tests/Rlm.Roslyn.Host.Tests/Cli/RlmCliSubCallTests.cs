using Rlm.Roslyn.Host.Tests.Fakes;

namespace Rlm.Roslyn.Host.Tests.Cli;

/// <summary>Sub-calls over HTTP: child RLMs (Recurse), --max-depth, and a failing sub-call that the run survives.</summary>
public sealed class RlmCliSubCallTests
{
    private const string ChildMarker = "You are a sub-RLM at depth 1";

    [Fact]
    public async Task RunAsync_RecurseAtDepthOne_ChildRlmRunsItsOwnCodeAndAnswersTheRoot()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("geo.txt", "Notes. The capital is Paris. More notes.\n");
        var tracePath = host.PathOf("trace.jsonl");
        await using var server = await ScriptedOpenAIServer.StartAsync(RespondAsRootOrChild);

        var exitCode = await host.AskAsync(server, "What is the capital?", file, "--trace", tracePath);

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        host.Out.Should().Be("Paris" + Environment.NewLine);
        server.Requests.Should().HaveCount(3);
        server.Requests[1].Messages[0].Content.Should().Contain(ChildMarker);
        server.Requests[1].Messages[1].Content.Should().StartWith("Question: Which city is the capital?");
        var events = JsonlTrace.ReadEvents(tracePath);
        events.Select(e => (e.Type, e.Path)).Should().ContainInOrder(
            ("run_started", "0"),
            ("subcall_started", "0.1"),
            ("run_started", "0.1"),
            ("turn", "0.1"),
            ("final", "0.1"),
            ("subcall_completed", "0.1"),
            ("final", "0"));
        events[^1].Should().Match<(string Type, string Path, string Json)>(e => e.Type == "final" && e.Path == "0");
    }

    /// <summary>
    /// BUG (engine): child RLMs run on the root client. The help ("--sub-model NAME: model for sub-calls and child RLMs")
    /// and RlmEngine's constructor ("subClient: the model for sub-calls and child RLMs") say they run on the sub-model,
    /// but RlmRun.AskRootAsync calls tree.Root at every depth.
    /// </summary>
    [Fact]
    public async Task RunAsync_RecurseWithSubModel_ChildRlmTalksToTheSubModel()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("geo.txt", "Notes. The capital is Paris. More notes.\n");
        await using var server = await ScriptedOpenAIServer.StartAsync(RespondAsRootOrChild);

        var exitCode = await host.AskAsync(server, "What is the capital?", file, "--sub-model", "sub-m");

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        host.Out.Should().Be("Paris" + Environment.NewLine);
        server.Requests.Select(r => (IsChild(r) ? "child: " : "root: ") + r.Model).Should().Equal(
            "root: root-model", "child: sub-m", "root: root-model");
    }

    [Fact]
    public async Task RunAsync_RecurseAtMaxDepthZero_BecomesOnePlainSubCallWithTheSlice()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("geo.txt", "The capital is Paris.\n");
        await using var server = await ScriptedOpenAIServer.StartAsync(request => request.Model == "sub-m"
            ? ScriptedReply.Text((request.LastContentOf("user") ?? "").Contains("The capital is Paris.", StringComparison.Ordinal) ? "Paris" : "no slice")
            : ScriptedReply.Text(ModelReply.WithCode("Ask about the document.", "Final(Recurse(\"Which city?\", Documents[0].Text));")));

        var exitCode = await host.AskAsync(server, "What is the capital?", file, "--sub-model", "sub-m", "--max-depth", "0");

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        host.Out.Should().Be("Paris" + Environment.NewLine);
        var sub = server.Requests.Should().ContainSingle(r => r.Model == "sub-m").Subject;
        sub.Messages.Should().ContainSingle("a plain call has no system prompt").Which.Content.Should().StartWith("Which city?");
    }

    [Fact]
    public async Task RunAsync_SubCallRejected_SnippetGetsErrorTextAndTheRunGoesOn()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "nothing much\n");
        await using var server = await ScriptedOpenAIServer.StartAsync(request =>
        {
            if (request.Model == "sub-m")
            {
                return ScriptedReply.Error(400, "This model's maximum context length is exceeded.");
            }

            return ScriptedReply.Text(ModelReply.TurnOf(request) switch
            {
                1 => ModelReply.WithCode("Ask the sub-model.", "var sub = Llm(\"Summarize everything.\");\nPrint(sub.StartsWith(\"Error: \") ? \"sub failed\" : \"sub ok\");"),
                _ => (request.LastContentOf("user") ?? "").Contains("sub failed", StringComparison.Ordinal)
                    ? "FINAL(recovered from a failed sub-call)"
                    : "FINAL(the failure was not visible)",
            });
        });

        var exitCode = await host.AskAsync(server, "Summarize.", file, "--sub-model", "sub-m");

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        host.Out.Should().Be("recovered from a failed sub-call" + Environment.NewLine);
        server.Requests.Select(r => r.Model).Should().Equal("root-model", "sub-m", "root-model");
    }

    [Fact]
    public async Task RunAsync_LlmManyOverHttp_AnswersComeBackInPromptOrder()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "nothing much\n");
        await using var server = await ScriptedOpenAIServer.StartAsync(request => request.Model == "sub-m"
            ? ScriptedReply.Text((request.LastContentOf("user") ?? "").ToUpperInvariant())
            : ScriptedReply.Text(ModelReply.WithCode("Fan out.", "Final(string.Join(\" \", LlmMany(new[] { \"a\", \"b\", \"c\", \"d\", \"e\" })));")));

        var exitCode = await host.AskAsync(server, "Shout.", file, "--sub-model", "sub-m", "--max-concurrency", "3");

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        host.Out.Should().Be("A B C D E" + Environment.NewLine);
        server.Requests.Count(r => r.Model == "sub-m").Should().Be(5);
    }

    private static bool IsChild(ChatRequestRecord request) =>
        request.Messages.Count > 0 && request.Messages[0].Content.Contains(ChildMarker, StringComparison.Ordinal);

    /// <summary>The root hands its document to a child RLM, which finds the city in its own session; each reply checks what came back.</summary>
    private static ScriptedReply RespondAsRootOrChild(ChatRequestRecord request)
    {
        if (IsChild(request))
        {
            return ScriptedReply.Text(ModelReply.WithCode(
                "Find it in my slice.",
                "var city = Regex.Match(Context.ToString(), @\"capital is (\\w+)\").Groups[1].Value;",
                "FINAL_VAR(city)"));
        }

        return ScriptedReply.Text(ModelReply.TurnOf(request) switch
        {
            1 => ModelReply.WithCode(
                "Hand the document to a child RLM.",
                """
                var child = Recurse("Which city is the capital?", Documents[0].Text);
                Print("child said: " + child);
                """),
            _ => (request.LastContentOf("user") ?? "").Contains("child said: Paris", StringComparison.Ordinal)
                ? "FINAL_VAR(child)"
                : "FINAL(the child's answer did not come back)",
        });
    }
}
