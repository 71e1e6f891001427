using Rlm.Roslyn.Host.Tests.Fakes;

namespace Rlm.Roslyn.Host.Tests.Cli;

/// <summary>Runs that fail: the endpoint refuses or is gone (exit 1), or the run is cancelled (exit 1); the trace keeps what happened.</summary>
public sealed class RlmCliFailureTests
{
    [Fact]
    public async Task RunAsync_EndpointRejectsTheRootCall_ExitsWithOneAndTheReasonAndTraceKeepsRunStarted()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "some text\n");
        var tracePath = host.PathOf("trace.jsonl");
        await using var server = await ScriptedOpenAIServer.StartAsync(_ => ScriptedReply.Error(401, "Incorrect API key provided: k."));

        var exitCode = await host.AskAsync(server, "What is it?", file, "--trace", tracePath);

        exitCode.Should().Be(1);
        host.Out.Should().BeEmpty();
        host.ErrorLines[0].Should().StartWith("rlm: The root LM call failed at turn 1: ");
        host.Error.Should().Contain("401").And.Contain("Incorrect API key provided");
        server.Requests.Should().ContainSingle("a 401 is not retried");
        var types = JsonlTrace.ReadTypes(tracePath);
        types[0].Should().Be("run_started");
        types[^1].Should().Be("final");
        types.Should().NotContain("turn");
    }

    [Fact]
    public async Task RunAsync_EndpointAnswersServerErrors_ExitsWithOneAfterTheClientsRetries()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "some text\n");
        var tracePath = host.PathOf("trace.jsonl");
        await using var server = await ScriptedOpenAIServer.StartAsync(_ => ScriptedReply.ServerError("The scripted server is down."));

        var exitCode = await host.AskAsync(server, "What is it?", file, "--trace", tracePath);

        exitCode.Should().Be(1);
        host.Out.Should().BeEmpty();
        host.ErrorLines[0].Should().StartWith("rlm: The root LM call failed at turn 1: ");
        host.Error.Should().Contain("500").And.Contain("The scripted server is down.");
        server.Requests.Should().HaveCountGreaterThan(1, "the OpenAI client retries 5xx by default");
        JsonlTrace.ReadTypes(tracePath)[0].Should().Be("run_started");
    }

    [Fact]
    public async Task RunAsync_EndpointGone_ExitsWithOneAndTheReason()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "some text\n");
        var tracePath = host.PathOf("trace.jsonl");
        var server = await ScriptedOpenAIServer.StartAsync("FINAL(unused)");
        var endpoint = server.BaseUrl.ToString();
        await server.DisposeAsync();

        var exitCode = await host.RunAsync("ask", "What is it?", file, "--endpoint", endpoint, "--api-key", "k", "--trace", tracePath);

        exitCode.Should().Be(1);
        host.Out.Should().BeEmpty();
        host.ErrorLines[0].Should().StartWith("rlm: The root LM call failed at turn 1: ");
        var types = JsonlTrace.ReadTypes(tracePath);
        types[0].Should().Be("run_started");
        types[^1].Should().Be("final");
    }

    [Fact]
    public async Task RunAsync_CancelledWhileTheModelThinks_ExitsWithOneAndTraceKeepsRunStarted()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "some text\n");
        var tracePath = host.PathOf("trace.jsonl");
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        await using var server = await ScriptedOpenAIServer.StartAsync(request =>
        {
            _ = Task.Run(cancel.Cancel, CancellationToken.None);
            return ScriptedReply.Text("FINAL(too late)").After(TimeSpan.FromMinutes(1));
        });

        var exitCode = await host.RunAsync(
            cancel.Token, "ask", "What is it?", file, "--endpoint", server.BaseUrl.ToString(), "--api-key", "k", "--trace", tracePath);

        exitCode.Should().Be(1);
        host.Out.Should().BeEmpty();
        host.ErrorLines.Should().ContainSingle().Which.Should().Be("rlm: cancelled.");
        JsonlTrace.ReadTypes(tracePath).Should().Equal("run_started", "prompt");
    }

    [Fact]
    public async Task RunAsync_CancelledWhileASnippetRuns_ExitsWithOneAndTraceEndsWithoutFinal()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "some text\n");
        var tracePath = host.PathOf("trace.jsonl");
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        await using var server = await ScriptedOpenAIServer.StartAsync(
            ModelReply.WithCode("Spin until stopped.", "Console.WriteLine(\"spinning\");\nwhile (true) { }"));
        var run = host.RunAsync(
            cancel.Token, "ask", "What is it?", file, "--endpoint", server.BaseUrl.ToString(), "--api-key", "k", "--trace", tracePath);
        while (!File.Exists(tracePath) || !File.ReadAllText(tracePath).Contains("\"type\":\"code\"", StringComparison.Ordinal))
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        await cancel.CancelAsync();
        var exitCode = await run;

        exitCode.Should().Be(1);
        host.Out.Should().BeEmpty();
        host.ErrorLines.Should().ContainSingle().Which.Should().Be("rlm: cancelled.");
        JsonlTrace.ReadTypes(tracePath).Should().StartWith(["run_started", "prompt", "turn", "code"]).And.NotContain("final");
    }
}
