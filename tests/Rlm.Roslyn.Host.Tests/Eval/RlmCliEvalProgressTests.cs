using Microsoft.Extensions.AI;
using Rlm.Roslyn.Host.Tests.Eval.Oracle;
using Rlm.Roslyn.Host.Tests.Fakes;

namespace Rlm.Roslyn.Host.Tests.Eval;

/// <summary><c>rlm eval</c>'s progress end to end: piped (as before, or with the runs' steps), at a terminal (the live tree), turned off.</summary>
public sealed class RlmCliEvalProgressTests
{
    [Fact]
    public async Task RunAsync_PipedByDefault_OneLinePerTaskAsBefore()
    {
        using var host = new HostHarness();
        await using var server = await ScriptedOpenAIServer.StartAsync(request => Respond(request, TimeSpan.Zero));

        var exitCode = await host.RunAsync(Args(host, server));

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        var lines = host.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(3);
        lines[0].Should().StartWith("[1/2] niah_single_1 8K #0 rlm: score 1.00, 1 calls");
        lines[1].Should().StartWith("[2/2] niah_single_1 8K #1 rlm: score 1.00");
        lines[2].Should().StartWith("rlm eval: 2 answered, 0 already done, 0 failed");
        server.Requests.Should().OnlyContain(r => !r.Stream, "nothing shows the replies as they are written");
    }

    [Fact]
    public async Task RunAsync_PipedWithProgress_EachRlmRunsStepsWithTheirTreePaths()
    {
        using var host = new HostHarness();
        await using var server = await ScriptedOpenAIServer.StartAsync(request => Respond(request, TimeSpan.Zero));

        var exitCode = await host.RunAsync([.. Args(host, server), "--progress"]);

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        var lines = host.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).ToList();
        lines.Should().NotContain(l => l.Contains('\u001b', StringComparison.Ordinal), "a pipe gets no escape codes");
        var start = lines.IndexOf("[2/2] niah_single_1 8K #1 rlm started (rlm score so far 1.00 over 1)");
        start.Should().BeGreaterThan(0);
        var run = lines.Skip(start + 1).TakeWhile(l => l.StartsWith("[ ", StringComparison.Ordinal)).ToList();
        run.Should().Contain(l => l.Contains("s] 0 root RLM started over", StringComparison.Ordinal));
        run.Should().Contain(l => l.Contains("s] 0 turn 1: reply", StringComparison.Ordinal));
        run.Should().Contain(l => l.Contains("s] 0 turn 1: block 1 completed", StringComparison.Ordinal));
        run.Should().Contain(l => l.Contains("s] 0 finished (Final) after 1 turn(s)", StringComparison.Ordinal));
        lines[start + 1 + run.Count].Should().StartWith("[2/2] niah_single_1 8K #1 rlm: score 1.00");
    }

    [Fact]
    public async Task RunAsync_ErrorIsATerminal_DrawsTheLiveTreeUnderTheEvalHeaderAndStreamsReplies()
    {
        using var host = new HostHarness();
        await using var server = await ScriptedOpenAIServer.StartAsync(LookFirstThenSlowly);
        var console = host.HostConsole with { IsErrorTerminal = true };

        var exitCode = await RlmCli.RunAsync([.. Args(host, server), "--input-price", "1", "--output-price", "2"], console, TestContext.Current.CancellationToken);

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        host.Error.Should().MatchRegex(@"tokens\S* \S*·\S* \$0\.00\d", "the tree's header shows the run's cost from the eval's prices");
        // A string writer is 80 columns wide to Spectre, so long lines wrap: look for what starts them.
        host.Error.Should().Contain("\u001b[", "a terminal gets the display drawn in place")
            .And.Contain("rlm eval").And.Contain("task 2/2").And.Contain("rlm score so far 1.00 over 1")
            .And.Contain("root RLM").And.Contain("turn 1:")
            .And.Contain("[1/2] niah_single_1 8K #0 rlm: score 1.00").And.Contain("[2/2] niah_single_1 8K #1 rlm: score 1.00")
            .And.Contain("2 answered, 0 already done, 0 failed");
        server.Requests.Should().OnlyContain(r => r.Stream, "the tree shows the root's reply as it is written");
    }

    [Theory]
    [InlineData("--quiet")]
    [InlineData("--no-progress")]
    public async Task RunAsync_ProgressOffAtATerminal_PlainLinesOnly(string flag)
    {
        using var host = new HostHarness();
        await using var server = await ScriptedOpenAIServer.StartAsync(request => Respond(request, TimeSpan.Zero));
        var console = host.HostConsole with { IsErrorTerminal = true };

        var exitCode = await RlmCli.RunAsync([.. Args(host, server), flag], console, TestContext.Current.CancellationToken);

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        host.Error.Should().NotContain("\u001b").And.NotContain("root RLM");
        host.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(3);
    }

    private static string[] Args(HostHarness host, ScriptedOpenAIServer server) =>
        ["eval", "niah_single_1", "--lengths", "8K", "--n", "2", "--out", host.PathOf("out"), "--endpoint", server.BaseUrl.ToString(), "--api-key", "k", "--model", "root"];

    /// <summary>
    /// A first turn with no code (answered at once, so its tokens and cost are counted), then the oracle's code after a
    /// second, so the live display draws the running run with its cost for a second before the task ends.
    /// </summary>
    private static ScriptedReply LookFirstThenSlowly(ChatRequestRecord request)
    {
        if (request.Messages.All(m => m.Role != "assistant"))
        {
            return ScriptedReply.Text("Let me look at the context first.");
        }

        var firstTurn = request.Messages.TakeWhile(m => m.Role != "assistant").ToList();
        return Respond(request with { Messages = firstTurn }, TimeSpan.FromSeconds(1));
    }

    /// <summary>The oracle root's code after <paramref name="delay"/>.</summary>
    private static ScriptedReply Respond(ChatRequestRecord request, TimeSpan delay)
    {
        var messages = request.Messages.Select(m => new ChatMessage(new ChatRole(m.Role), m.Content)).ToList();
        return ScriptedReply.Text(OracleRoot.Reply(messages)).After(delay);
    }
}
