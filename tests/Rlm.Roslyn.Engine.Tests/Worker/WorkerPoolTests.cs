using Rlm.Roslyn.Tests.Fakes;

namespace Rlm.Roslyn.Tests.Worker;

/// <summary>
/// How workers are shared and bounded: a run tree's RLMs share one worker, the next tree never gets it, a warm spare
/// started during loading is what the first run takes, owners never share, and the worker's heap has a hard limit.
/// Each test names its own owner, so the process-wide pool never hands one test's worker to another.
/// </summary>
public sealed class WorkerPoolTests
{
    private const string SetMark = "AppContext.SetData(\"rlm-test-mark\", \"root was here\");\n";
    private const string ReadMark = "(AppContext.GetData(\"rlm-test-mark\") as string) ?? \"fresh process\"";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static RlmOptions TrustedWorkerOptions() => new()
    {
        Isolation = SnippetIsolation.Process,
        SubmissionPolicy = TrustedCodePolicy.Instance,
        WorkerOwner = Guid.NewGuid().ToString("N"),
    };

    [Fact]
    public async Task RunAsync_ChildRlm_RunsInTheRootsWorkerAndTheNextRunGetsAFreshOne()
    {
        var options = TrustedWorkerOptions();
        var sub = new ScriptedChatClient((m, _, _) => Task.FromResult(Code.Reply($"Final({ReadMark});")));
        var first = new ScriptedChatClient(Code.Reply(SetMark + "Final(Recurse(\"what is marked?\", \"child context\"));"));
        var second = new ScriptedChatClient(Code.Reply($"Final({ReadMark});"));

        var shared = await new RlmEngine(first, sub, options).RunAsync("q", RlmContext.FromString("root context"), Ct);
        var next = await new RlmEngine(second, sub, options).RunAsync("q", RlmContext.FromString("root context"), Ct);

        shared.Answer.Should().Be("root was here", "the child's session lives in the root's worker");
        next.Answer.Should().Be("fresh process", "a worker is ended with its tree, never handed to the next one");
    }

    [Fact]
    public async Task WarmUpAsync_ProcessIsolation_StartsTheWorkerTheFirstRunTakes()
    {
        var options = TrustedWorkerOptions();
        var spare = (Task<WorkerProcess>)RlmEngine.WarmUpAsync(options);
        var warm = await spare;
        warm.HasEnded.Should().BeFalse("a spare waits for a run");
        var root = new ScriptedChatClient(Code.Reply("Final(Context.Length);"));

        var result = await new RlmEngine(root, options: options).RunAsync("q", RlmContext.FromString("12345"), Ct);

        result.Answer.Should().Be("5");
        warm.HasEnded.Should().BeTrue("the run took the spare and ended it with its tree");
        ((Task<WorkerProcess>)RlmEngine.WarmUpAsync(options)).Should().NotBeSameAs(spare, "the spare was taken, so warming up again starts another");
    }

    [Fact]
    public async Task RentAsync_RunTreesPerWorker_SharesWithinAnOwnerOnly()
    {
        var session = new ScriptSessionOptions { Policy = TrustedCodePolicy.Instance };
        var owner = Guid.NewGuid().ToString("N");
        var sharing = WorkerKey.For(session, 4, WorkerJail.Required, owner, runTreesPerWorker: 2);
        var other = sharing with { Owner = owner + "-other" };

        var a = await WorkerPool.RentAsync(sharing, Ct);
        var b = await WorkerPool.RentAsync(sharing, Ct);
        var c = await WorkerPool.RentAsync(sharing, Ct);
        var d = await WorkerPool.RentAsync(other, Ct);
        try
        {
            b.Should().BeSameAs(a, "two trees of one owner may share when the option says two");
            c.Should().NotBeSameAs(a, "a third tree does not fit");
            d.Should().NotBeSameAs(a).And.NotBeSameAs(c, "another owner never shares a worker");
            WorkerPool.Return(a);
            a.HasEnded.Should().BeFalse("one tree still holds it");
        }
        finally
        {
            WorkerPool.Return(b);
            WorkerPool.Return(c);
            WorkerPool.Return(d);
        }

        a.HasEnded.Should().BeTrue("the last tree out ends it");
    }

    [Fact]
    public async Task RunAsync_OneSessionCrashesTheWorker_TheOtherSessionIsToldItWasReset()
    {
        var key = WorkerKey.For(new ScriptSessionOptions { Policy = TrustedCodePolicy.Instance }, 4, WorkerJail.Required, Guid.NewGuid().ToString("N"));
        using var lease = new WorkerLease(key);
        using var parent = new WorkerCodeSession(lease, RlmContext.FromString("parent"), "q", 0, new EchoScriptHost());
        using var child = new WorkerCodeSession(lease, RlmContext.FromString("child"), "q", 1, new EchoScriptHost());

        (await parent.RunAsync("var kept = 41;", WorkerSessions.Timeout, Ct)).Outcome.Should().Be(SnippetOutcome.Completed);
        var crash = await child.RunAsync("Environment.FailFast(\"boom\");", WorkerSessions.Timeout, Ct);
        var after = await parent.RunAsync("kept + 1", WorkerSessions.Timeout, Ct);
        var again = await parent.RunAsync("Context.ToString()", WorkerSessions.Timeout, Ct);

        crash.SessionReset.Should().BeTrue();
        crash.Error.Should().Contain("ended");
        after.SessionReset.Should().BeTrue("the parent's session lived in the worker that crashed");
        after.Outcome.Should().Be(SnippetOutcome.CompileError, "its variables are gone");
        again.Value.Should().Be("parent", "the session opened again in a fresh worker over its own context");
    }

    [Fact]
    public async Task RunAsync_Worker_HasAHeapHardLimitFromTheSnippetBudget()
    {
        var options = new ScriptSessionOptions { Policy = TrustedCodePolicy.Instance, MaxHeapGrowthBytes = 64L << 20 };
        var key = WorkerKey.For(options, 4, WorkerJail.Required, Guid.NewGuid().ToString("N"));
        using var session = new WorkerCodeSession(new WorkerLease(key), RlmContext.FromString("x"), "q", 0, new EchoScriptHost(), ownsLease: true);

        var limit = await session.RunAsync("GC.GetGCMemoryInfo().TotalAvailableMemoryBytes", WorkerSessions.Timeout, Ct);
        var tooMuch = await session.RunAsync("var a = new byte[1_500_000_000];\nvar b = new byte[1_500_000_000];\na.Length + b.Length", WorkerSessions.Timeout, Ct);
        var next = await session.RunAsync("1 + 1", WorkerSessions.Timeout, Ct);

        long.Parse(limit.Value!, System.Globalization.CultureInfo.InvariantCulture).Should().Be(key.HeapHardLimitBytes).And.Be((64L << 20) + (2L << 30));
        tooMuch.Outcome.Should().NotBe(SnippetOutcome.Completed, "3 GB does not fit under a 2.06 GB heap");
        (tooMuch.Error ?? string.Empty).Should().ContainAny("OutOfMemory", "out of memory", "Memory");
        next.Value.Should().Be("2", "the parent and the session go on");
    }
}
