using Rlm.Roslyn.Tests.Fakes;

namespace Rlm.Roslyn.Tests.Repl;

public sealed class ReplSessionTests
{
    private static readonly RlmOptions Options = new() { SnippetTimeout = TimeSpan.FromSeconds(20) };

    private static ReplSession NewSession(RlmOptions? options = null, ScriptedChatClient? client = null, string? noEndpointError = null) =>
        new(RlmContext.FromString("alpha\nbeta\n", "notes.txt"), "the question", options ?? Options, client, logger: null, noEndpointError);

    private static string? Completed(ReplResult result)
    {
        result.Outcome.Should().Be(SnippetOutcome.Completed, result.Feedback);
        return result.Value;
    }

    [Fact]
    public async Task RunAsync_StateAndGlobals_PersistAcrossSnippets()
    {
        using var session = NewSession();

        await session.RunSnippetAsync("var n = Context.Length; int Twice(int v) => v * 2;", TestContext.Current.CancellationToken);
        var result = await session.RunSnippetAsync("Print(Query); Twice(n)", TestContext.Current.CancellationToken);

        Completed(result).Should().Be("22");
        result.Output.Should().Be("the question\n");
        (await session.DescribeVariablesAsync(TestContext.Current.CancellationToken)).Should().Contain("n : int = 11");
    }

    [Theory]
    [InlineData("Llm(\"hi\")")]
    [InlineData("LlmMany(new[] { \"a\", \"b\" })[1]")]
    [InlineData("Summarize(\"some text\", \"names\")")]
    [InlineData("Recurse(\"why?\", \"some text\")")]
    [InlineData("RecurseMany(\"why?\", Partition(4))[0]")]
    public async Task SubLmHelpers_NoClient_ReturnTheNoEndpointError(string code)
    {
        using var session = NewSession();

        var result = await session.RunSnippetAsync(code, TestContext.Current.CancellationToken);

        session.HasEndpoint.Should().BeFalse();
        Completed(result).Should().Be(ReplSession.DefaultNoEndpointError);
    }

    [Fact]
    public async Task LlmAsync_NoClientAndOwnMessage_ReturnsThatMessage()
    {
        using var session = NewSession(noEndpointError: "Error: set it up first.");

        var result = await session.RunSnippetAsync("await LlmAsync(\"hi\")", TestContext.Current.CancellationToken);

        Completed(result).Should().Be("Error: set it up first.");
    }

    [Fact]
    public async Task Llm_WithClient_ReturnsTheSubModelsReply()
    {
        var client = new ScriptedChatClient(messages => $"seen: {messages[^1].Text}");
        using var session = NewSession(client: client);

        var result = await session.RunSnippetAsync("Llm(\"hello\")", TestContext.Current.CancellationToken);

        session.HasEndpoint.Should().BeTrue();
        Completed(result).Should().Be("seen: hello");
        client.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task Recurse_WithClientAtMaxDepthZero_IsOnePlainSubCall()
    {
        var client = new ScriptedChatClient("plain answer");
        using var session = NewSession(Options with { MaxDepth = 0 }, client);

        var result = await session.RunSnippetAsync("Recurse(\"what is it?\", Documents[0].Text)", TestContext.Current.CancellationToken);

        Completed(result).Should().Be("plain answer");
        client.LastUserText(0).Should().Contain("what is it?").And.Contain("alpha");
    }

    [Fact]
    public async Task Recurse_WithClient_RunsAChildRlmOnTheSubModel()
    {
        var client = new ScriptedChatClient("```csharp\nFinal(Context.Length);\n```");
        using var session = NewSession(client: client);

        var result = await session.RunSnippetAsync("Recurse(\"how long?\", \"12345\")", TestContext.Current.CancellationToken);

        Completed(result).Should().Be("5");
    }

    [Fact]
    public async Task FinalAnswer_AfterFinal_IsSetAndClearedByTheNextSnippet()
    {
        using var session = NewSession();

        await session.RunSnippetAsync("Final(new[] { \"a\", \"b\" });", TestContext.Current.CancellationToken);
        var final = session.FinalAnswer;
        await session.RunSnippetAsync("1", TestContext.Current.CancellationToken);

        final.Should().Be("a\nb");
        session.FinalAnswer.Should().BeNull();
    }

    [Fact]
    public async Task RunAsync_SubmissionPolicyInOptions_IsAskedAndRefuses()
    {
        var policy = new RefuseEverythingPolicy();
        using var session = NewSession(Options with { SubmissionPolicy = policy });

        var result = await session.RunSnippetAsync("1 + 1", TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(SnippetOutcome.CompileError);
        result.Diagnostics.Should().ContainSingle(d => d.Id == "RLMTEST");
        policy.Calls.Should().Be(1);
    }

    [Fact]
    public async Task RunAsync_AbandonedSnippet_ReplacesTheSessionAndCountsTheReset()
    {
        using var session = NewSession(Options with { SnippetTimeout = TimeSpan.FromMilliseconds(200), SubmissionPolicy = TrustedCodePolicy.Instance });
        await session.RunSnippetAsync("var before = 1;", TestContext.Current.CancellationToken);

        var abandoned = await session.RunSnippetAsync("System.Threading.Thread.Sleep(10_000);", TestContext.Current.CancellationToken);
        var after = await session.RunSnippetAsync("before", TestContext.Current.CancellationToken);
        var fresh = await session.RunSnippetAsync("Documents.Count", TestContext.Current.CancellationToken);

        abandoned.Outcome.Should().Be(SnippetOutcome.Timeout);
        abandoned.Error.Should().Contain("session was reset");
        session.ResetCount.Should().Be(1);
        after.Outcome.Should().Be(SnippetOutcome.CompileError, "the variables went with the old session");
        Completed(fresh).Should().Be("1");
    }

    [Fact]
    public async Task RunAsync_Cancelled_ThrowsAndTheNextSnippetRuns()
    {
        using var session = NewSession();
        using var cancel = new CancellationTokenSource();

        var running = session.RunSnippetAsync("Print(1); while (true) { }", cancel.Token);
        await cancel.CancelAsync();
        var act = () => running;

        await act.Should().ThrowAsync<OperationCanceledException>();
        var next = await session.RunSnippetAsync("2 + 2", TestContext.Current.CancellationToken);
        Completed(next).Should().Be("4");
    }
}
