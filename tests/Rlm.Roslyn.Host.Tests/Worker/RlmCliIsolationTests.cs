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

    [Theory]
    [InlineData("ask", "q")]
    [InlineData("repl")]
    public async Task Isolation_UnknownValue_ExitsTwoWithOneLine(params string[] command)
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "nothing\n");

        var exitCode = await host.RunAsync([.. command, file, "--endpoint", "http://127.0.0.1:9/v1", "--model", "m", "--isolation", "jail"]);

        exitCode.Should().Be(2);
        host.Error.Trim().Should().Be("rlm: --isolation: 'jail' is not an isolation; use process or in-process.");
    }
}
