using Rlm.Roslyn.Tests.Fakes;

namespace Rlm.Roslyn.Tests.Worker;

/// <summary>The REPL with <see cref="SnippetIsolation.Process"/>: blocks, variables and sub-calls through the worker.</summary>
public sealed class WorkerReplSessionTests
{
    [Fact]
    public async Task RunSnippetAsync_ProcessIsolation_RunsInTheWorkerWithTheReplsSubCalls()
    {
        var ct = TestContext.Current.CancellationToken;
        var sub = new ScriptedChatClient(m => "sub says " + m[^1].Text);
        var options = new RlmOptions { Isolation = SnippetIsolation.Process, SubmissionPolicy = TrustedCodePolicy.Instance };
        using var repl = new ReplSession(RlmContext.FromString("alpha\nbeta\n"), "q", options, sub);

        var first = await repl.RunSnippetAsync("var reply = Llm(\"hello\"); var pid = Environment.ProcessId; reply", ct);
        var second = await repl.RunSnippetAsync("pid != " + Environment.ProcessId + " && Context.Length == 11", ct);
        var described = await repl.DescribeVariablesAsync(ct);

        first.Value.Should().Be("sub says hello");
        second.Value.Should().Be("true");
        described.Should().Contain("reply").And.Contain("pid");
        sub.Requests.Should().ContainSingle();
        repl.ResetCount.Should().Be(0);
    }
}
