using System.Text;
using Rlm.Roslyn.Host.Tests.Fakes;

namespace Rlm.Roslyn.Host.Tests.Worker;

/// <summary><c>--isolation process</c> on <c>rlm ask</c> and <c>rlm repl</c>: snippets run in a worker, sub-calls still reach the endpoint.</summary>
public sealed class RlmCliIsolationTests
{
    [Fact]
    public async Task Ask_IsolationProcess_SnippetsRunInAWorkerAndTheirSubCallsReachTheEndpoint()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "the vault combination is 4711\n");
        await using var server = await ScriptedOpenAIServer.StartAsync(request => request.Model == "sub-m"
            ? ScriptedReply.Text("sub says " + request.LastContentOf("user"))
            : ScriptedReply.Text(ModelReply.WithCode("Look.", "var hit = Grep(\"combination is (\\\\d+)\").First();\nFinal(Llm(\"hello\") + \" / \" + hit.LineText);")));

        var exitCode = await host.AskAsync(server, "What is the combination?", file, "--sub-model", "sub-m", "--isolation", "process");

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        host.Out.Should().Be("sub says hello / the vault combination is 4711" + Environment.NewLine);
        server.Requests.Count(r => r.Model == "sub-m").Should().Be(1);
    }

    [Fact]
    public async Task Repl_IsolationProcess_SessionPersistsAcrossSnippets()
    {
        using var host = new HostHarness();
        host.StandardInput = Encoding.UTF8.GetBytes("var n = Context.Length;\n---\nn + 1\n");
        var file = host.WriteFile("notes.txt", "alpha\n");

        var exitCode = await host.RunAsync("repl", file, "--isolation", "process");

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        ReplJsonLines.Parse(host.Out)[1].Text("value").Should().Be("7");
    }

    [Fact]
    public async Task Ask_NoIsolationFlag_SnippetsRunInAWorkerWithoutTheParentsEnvironment()
    {
        // Trusted, so the snippet may read the environment: what it finds shows where it ran.
        Environment.SetEnvironmentVariable("RLM_CLI_DEFAULT_ISOLATION_CANARY", "parent-only");
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "anything\n");
        await using var server = await ScriptedOpenAIServer.StartAsync(_ =>
            ScriptedReply.Text(ModelReply.WithCode("Look.", "Final(Environment.GetEnvironmentVariable(\"RLM_CLI_DEFAULT_ISOLATION_CANARY\") ?? \"not in this process\");")));

        var exitCode = await host.AskAsync(server, "Where do snippets run?", file, "--trusted");

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        host.Out.Should().Be("not in this process" + Environment.NewLine, "the default runs snippets in a worker where one can start (bwrap is installed here)");
        host.Error.Should().NotContain("run in this process");
    }

    [Fact]
    public void AnnounceFallback_CustomPolicyUnderAuto_SaysOnceWhySnippetsRunInProcess()
    {
        var custom = RestrictedApiPolicy.FromAllowList(RestrictedApiPolicy.DefaultAllowListText);
        using var fallback = new StringWriter();
        using var isolated = new StringWriter();

        HostIsolation.AnnounceFallback(new RlmOptions { SubmissionPolicy = custom }, fallback);
        HostIsolation.AnnounceFallback(new RlmOptions(), isolated);
        HostIsolation.AnnounceFallback(new RlmOptions { Isolation = SnippetIsolation.InProcess }, isolated);

        fallback.ToString().Should().Be("rlm: C# snippets run in this process, not in an isolated worker: a custom submission policy cannot cross to a worker process" + Environment.NewLine);
        isolated.ToString().Should().BeEmpty("a worker can start here, and an explicit in-process choice needs no note");
    }

    [Theory]
    [InlineData("ask", "q")]
    [InlineData("repl")]
    public async Task Isolation_UnknownValue_ExitsTwoWithOneLine(params string[] command)
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "nothing\n");

        var exitCode = await host.RunAsync([.. command, file, "--endpoint", "http://127.0.0.1:9/v1", "--model", "m", "--isolation", "jail"]);

        exitCode.Should().Be(2);
        host.Error.Trim().Should().Be("rlm: --isolation: 'jail' is not an isolation; use auto, process or in-process.");
    }
}
