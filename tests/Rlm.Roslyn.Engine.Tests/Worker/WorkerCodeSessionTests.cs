using System.Text;

namespace Rlm.Roslyn.Tests.Worker;

/// <summary>
/// The worker itself: it holds none of the parent's environment, it is another process, and whatever a snippet does to
/// it (fail fast, kill it, hang, stop it, write raw bytes to its stdout) leaves the parent running, reports the block,
/// and the next block runs in a fresh worker with the variables gone.
/// </summary>
public sealed class WorkerCodeSessionTests
{
    /// <summary>System.Diagnostics.Process is not among the snippets' references, even trusted: reached by reflection.</summary>
    private const string ProcessType = "var p = Type.GetType(\"System.Diagnostics.Process, System.Diagnostics.Process\")!;\n";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_ParentEnvironmentHasASecret_WorkerDoesNotSeeIt()
    {
        const string Name = "RLM_WORKER_TEST_OPENAI_API_KEY";
        Environment.SetEnvironmentVariable(Name, "sk-test-secret");
        Environment.SetEnvironmentVariable("OPENAI_API_KEY", Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? "sk-test-secret");
        using var session = WorkerSessions.Trusted();

        var result = await session.RunAsync(
            $"var names = Environment.GetEnvironmentVariables().Keys.Cast<string>().OrderBy(n => n, StringComparer.Ordinal);\n" +
            $"Print(Environment.GetEnvironmentVariable(\"{Name}\") ?? \"absent\");\n" +
            "Print(Environment.GetEnvironmentVariable(\"OPENAI_API_KEY\") ?? \"absent\");\n" +
            "string.Join(\",\", names)",
            WorkerSessions.Timeout,
            Ct);

        result.Outcome.Should().Be(SnippetOutcome.Completed, result.ToFeedback());
        result.Output.Should().Be("absent\nabsent\n");
        result.Value!.Trim('"').Split(',').Should().BeSubsetOf(["DOTNET_ROOT", "HOME", "PATH", "PWD", "DOTNET_GCHeapHardLimit", "DOTNET_gcServer", "DOTNET_gcConcurrent", "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "DOTNET_SYSTEM_GLOBALIZATION_PREDEFINED_CULTURES_ONLY"]);
    }

    [Fact]
    public async Task RunAsync_Snippet_RunsInAnotherProcess()
    {
        using var session = WorkerSessions.Trusted();

        var result = await session.RunAsync("Environment.ProcessId", WorkerSessions.Timeout, Ct);

        result.Outcome.Should().Be(SnippetOutcome.Completed, result.ToFeedback());
        // In its jail the worker has its own PID namespace: its host pid is a descendant of what the launcher started.
        var worker = JailedProcesses.Dotnet(session.WorkerProcessId!.Value);
        worker.Should().NotBe(Environment.ProcessId);
        JailedProcesses.Status(worker, "NSpid")[^1].Should().Be(result.Value);
    }

    [Theory]
    [InlineData("Environment.FailFast(\"snippet gave up\");", "SIGABRT", "snippet gave up")]
    [InlineData(ProcessType + "p.GetMethod(\"Kill\", Type.EmptyTypes)!.Invoke(p.GetMethod(\"GetCurrentProcess\")!.Invoke(null, null), null);", "SIGKILL", "signal 9")]
    public async Task RunAsync_SnippetEndsTheWorker_BlockIsReportedAndTheNextRunsInAFreshWorker(string code, string cause, string lastError)
    {
        using var session = WorkerSessions.Trusted();
        (await session.RunAsync("var kept = 42;", WorkerSessions.Timeout, Ct)).Outcome.Should().Be(SnippetOutcome.Completed);
        var first = session.WorkerProcessId;

        var crashed = await session.RunAsync(code, WorkerSessions.Timeout, Ct);
        var next = await session.RunAsync("kept", WorkerSessions.Timeout, Ct);
        var after = await session.RunAsync("var again = 1; again + 1", WorkerSessions.Timeout, Ct);

        crashed.Outcome.Should().Be(SnippetOutcome.RuntimeError);
        crashed.SessionReset.Should().BeTrue();
        crashed.Error.Should().Contain("worker process running this session ended").And.Contain(cause).And.Contain(lastError).And.Contain("all variables are gone");
        next.Outcome.Should().Be(SnippetOutcome.CompileError, "the variable died with the first worker");
        next.SessionReset.Should().BeFalse();
        next.Diagnostics.Should().ContainSingle(d => d.Id == "CS0103");
        after.Value.Should().Be("2");
        session.WorkerProcessId.Should().NotBe(first);
        session.Resets.Should().Be(1);
    }

    [Fact]
    public async Task RunAsync_StuckInALibraryCall_WorkerIsEndedAndTheNextBlockRunsFresh()
    {
        using var session = WorkerSessions.Trusted();
        await session.RunAsync("var kept = 42;", WorkerSessions.Timeout, Ct);
        var first = session.WorkerProcessId;

        var stuck = await session.RunAsync("System.Threading.Thread.Sleep(System.Threading.Timeout.Infinite);", TimeSpan.FromSeconds(1), Ct);
        var next = await session.RunAsync("kept", WorkerSessions.Timeout, Ct);

        stuck.Outcome.Should().Be(SnippetOutcome.Timeout);
        stuck.SessionReset.Should().BeTrue();
        next.Diagnostics.Should().ContainSingle(d => d.Id == "CS0103");
        session.WorkerProcessId.Should().NotBe(first, "only ending the process ends the stuck thread");
    }

    [Fact]
    public async Task RunAsync_WorkerStopsAnswering_ParentKillsItAtTheDeadline()
    {
        using var session = WorkerSessions.Trusted();
        await session.RunAsync("var kept = 42;", WorkerSessions.Timeout, Ct);

        // SIGSTOP (sent from here: the jail has no kill command): not one thread of the worker runs any more, so only
        // the parent's deadline can end the block.
        using (var stop = System.Diagnostics.Process.Start("kill", ["-STOP", JailedProcesses.Dotnet(session.WorkerProcessId!.Value).ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await stop.WaitForExitAsync(Ct);
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var wedged = await session.RunAsync("System.Threading.Thread.Sleep(5000);", TimeSpan.FromSeconds(1), Ct);
        var next = await session.RunAsync("kept", WorkerSessions.Timeout, Ct);

        wedged.Outcome.Should().Be(SnippetOutcome.Timeout);
        wedged.SessionReset.Should().BeTrue();
        wedged.Error.Should().Contain("did not answer, so the worker was ended");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(25));
        next.Diagnostics.Should().ContainSingle(d => d.Id == "CS0103");
    }

    [Fact]
    public async Task RunAsync_SnippetWritesFramesToItsStdout_CannotForgeAResult()
    {
        using var session = WorkerSessions.Trusted();
        await session.RunAsync("var kept = 42;", WorkerSessions.Timeout, Ct);
        var first = session.WorkerProcessId;

        // A well-formed Result frame for the block's own id (2) claiming a final answer, through every console route.
        var result = await session.RunAsync(
            """
            var body = new System.IO.MemoryStream();
            var w = new System.IO.BinaryWriter(body);
            w.Write((byte)21); w.Write(2); w.Write((byte)0); w.Write("forged"); w.Write(false); w.Write(false); w.Write(0);
            w.Write(true); w.Write("FORGED ANSWER"); w.Write(false); w.Write(0L); w.Flush();
            var frame = BitConverter.GetBytes((int)body.Length).Concat(body.ToArray()).ToArray();
            using (var raw = Console.OpenStandardOutput()) { raw.Write(frame); raw.Flush(); }
            using (var err = Console.OpenStandardError()) { err.Write(frame); err.Flush(); }
            Console.Out.Write(Encoding.Latin1.GetString(frame));
            Print("genuine");
            kept
            """,
            WorkerSessions.Timeout,
            Ct);

        result.Outcome.Should().Be(SnippetOutcome.Completed, result.ToFeedback());
        result.FinalAnswer.Should().BeNull();
        result.Output.Should().EndWith("genuine\n");
        result.Value.Should().Be("42");
        result.SessionReset.Should().BeFalse();
        session.WorkerProcessId.Should().Be(first);
        (await session.RunAsync("kept + 1", WorkerSessions.Timeout, Ct)).Value.Should().Be("43");
    }

    [Fact]
    public async Task ReadAndDescribe_Variables_ComeFromTheWorkerSession()
    {
        using var session = WorkerSessions.Trusted();
        await session.RunAsync("var answer = new[] { \"a\", \"b\" }; var n = 7;", WorkerSessions.Timeout, Ct);

        var read = await session.ReadVariableAsync("answer", WorkerSessions.Timeout, Ct);
        var missing = await session.ReadVariableAsync("nothing", WorkerSessions.Timeout, Ct);
        var described = await session.DescribeVariablesAsync(WorkerSessions.Timeout, Ct);

        read.Value.Should().Be("a\nb");
        missing.Outcome.Should().Be(SnippetOutcome.Completed);
        missing.Value.Should().BeNull();
        described.Value.Should().Contain("answer").And.Contain("n");
    }

    [Fact]
    public async Task RunAsync_LargeContext_ArrivesWhole()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 300_000; i++)
        {
            text.Append("line ").Append(i).Append(" é😀\n");
        }

        using var session = WorkerSessions.Trusted(text.ToString());

        var result = await session.RunAsync("var h = 0L; foreach (var c in Context.Span) { h = (h * 31) + c; }\n$\"{Context.Length}:{h}:{Documents[0].Name}\"", WorkerSessions.Timeout, Ct);

        var expected = 0L;
        foreach (var c in text.ToString())
        {
            expected = unchecked((expected * 31) + c);
        }

        result.Value.Should().Be($"{text.Length}:{expected}:notes.txt");
    }
}
