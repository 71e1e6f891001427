namespace Rlm.Roslyn.Python.Tests;

/// <summary>
/// Hostile blocks: each must be contained (an error, a limit or a timeout the model can read) and leave the host
/// alive, with the session usable afterwards.
/// </summary>
public sealed class ContainmentTests(PythonFixture python)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("open('/etc/passwd').read()")]
    [InlineData("open('/context/../../etc/passwd').read()")]
    [InlineData("open('/usr/local/lib/../../../etc/passwd').read()")]
    [InlineData("open('../../../../etc/passwd').read()")]
    [InlineData("import os; os.listdir('/')")]
    [InlineData("import os; os.listdir('/context/..')")]
    [InlineData("import os; os.listdir('/tmp')")]
    [InlineData("open('/context/new.txt', 'w').write('x')")]
    [InlineData("open('/context/000000000.txt', 'a').write('x')")]
    [InlineData("open('/usr/local/lib/evil.py', 'w').write('x')")]
    [InlineData("import os; os.remove('/usr/local/lib/python311.zip')")]
    [InlineData("import os; os.mkdir('/context/d')")]
    [InlineData("import os; os.symlink('/etc', '/context/etc')")]
    [InlineData("import os; os.symlink('/etc/passwd', '/usr/local/lib/passwd')")]
    [InlineData("import socket; socket.socket(socket.AF_INET, socket.SOCK_STREAM).connect(('127.0.0.1', 80))")]
    [InlineData("import socket; socket.getaddrinfo('example.com', 80)")]
    [InlineData("import os; os.system('id')")]
    [InlineData("import subprocess; subprocess.run(['id'])")]
    [InlineData("import os; os.fork()")]
    [InlineData("import os; os.execv('/bin/sh', ['sh'])")]
    [InlineData("import threading; threading.Thread(target=print).start()")]
    [InlineData("import _thread; _thread.start_new_thread(print, ())")]
    public async Task RunAsync_EscapeAttempt_FailsInsideTheGuestAndKeepsTheSession(string probe)
    {
        using var session = python.NewSession("secret context");
        (await session.RunAsync("kept = 7", Limit, Ct)).Outcome.Should().Be(SnippetOutcome.Completed);

        var result = await session.RunAsync(probe, Limit, Ct);

        result.Outcome.Should().Be(SnippetOutcome.RuntimeError, result.ToFeedback());
        result.Error.Should().MatchRegex("(Error|Exception)", "the model reads why it failed");
        result.ToFeedback().Should().NotContain("root:x:0:0", "nothing of the host's files leaks");
        result.SessionReset.Should().BeFalse();
        (await session.RunAsync("kept", Limit, Ct)).Value.Should().Be("7", "the session survives the probe");
    }

    [Fact]
    public async Task RunAsync_ListingTheMounts_ShowsOnlyTheContextAndTheStdlib()
    {
        using var session = python.NewSession("abc");
        var result = await session.RunAsync("import os\nprint(sorted(os.listdir('/context')), sorted(os.listdir('/usr/local/lib')))", Limit, Ct);
        result.Output.Should().Be("['000000000.txt'] ['python311.zip']\n");
    }

    [Fact]
    public async Task RunAsync_WhileTrue_TimesOutAndRestartsTheSession()
    {
        using var session = python.NewSession();
        await session.RunAsync("kept = 1", Limit, Ct);

        var result = await session.RunAsync("while True:\n    pass", TimeSpan.FromSeconds(1), Ct);

        result.Outcome.Should().Be(SnippetOutcome.Timeout);
        result.SessionReset.Should().BeTrue();
        result.Error.Should().Contain("variables are gone");
        var after = await session.RunAsync("print('kept' in globals(), len(context))", Limit, Ct);
        after.Output.Should().Be("False 17\n", "a fresh interpreter over the same context");
    }

    [Fact]
    public async Task RunAsync_SleepPastTheDeadline_TimesOutAtTheDeadline()
    {
        using var session = python.NewSession();
        var result = await session.RunAsync("import time\nprint('before', flush=True)\ntime.sleep(3600)\nprint('after')", TimeSpan.FromSeconds(1), Ct);

        result.Outcome.Should().Be(SnippetOutcome.Timeout);
        result.Output.Should().Be("before\n");
        result.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(60), "the sleep must not outlast the deadline by much");
        (await session.RunAsync("1 + 1", Limit, Ct)).Value.Should().Be("2");
    }

    [Fact]
    public async Task RunAsync_ShortSleep_SleepsAndCompletes()
    {
        using var session = python.NewSession();
        var result = await session.RunAsync("import time\nt = time.monotonic()\ntime.sleep(0.2)\nelapsed = time.monotonic() - t\nprint(0.19 <= elapsed < 5)", Limit, Ct);
        result.Output.Should().Be("True\n", result.ToFeedback());
    }

    [Fact]
    public async Task RunAsync_DeepRecursion_RaisesRecursionErrorAndKeepsVariables()
    {
        using var session = python.NewSession();
        await session.RunAsync("kept = 3", Limit, Ct);

        var result = await session.RunAsync("def f(n):\n    return f(n + 1)\nf(0)", Limit, Ct);

        result.Outcome.Should().Be(SnippetOutcome.Limit);
        result.Error.Should().Contain("RecursionError");
        result.SessionReset.Should().BeFalse();
        (await session.RunAsync("kept", Limit, Ct)).Value.Should().Be("3");
    }

    [Fact]
    public async Task RunAsync_DeepRecursionInC_RaisesRecursionError()
    {
        using var session = python.NewSession();
        var result = await session.RunAsync("nested = []\nfor _ in range(100_000):\n    nested = [nested]\ntext = repr(nested)", Limit, Ct);

        result.Outcome.Should().Be(SnippetOutcome.Limit, result.ToFeedback());
        result.Error.Should().Contain("RecursionError");
        result.SessionReset.Should().BeFalse("the recursion limit trips before the wasm stack runs out");
    }

    [Fact]
    public async Task RunAsync_RecursionLimitRaisedPastTheStack_TrapsAndRestarts()
    {
        using var session = python.NewSession();
        var result = await session.RunAsync("import sys\nsys.setrecursionlimit(10**7)\nnested = []\nfor _ in range(1_000_000):\n    nested = [nested]\ntext = repr(nested)", Limit, Ct);

        result.Outcome.Should().Be(SnippetOutcome.Limit, result.ToFeedback());
        result.SessionReset.Should().BeTrue("the wasm stack ran out: a trap ends the interpreter");
        result.Error.Should().Contain("restarted");
        (await session.RunAsync("print('alive')", Limit, Ct)).Output.Should().Be("alive\n");
    }

    [Fact]
    public async Task RunAsync_MemoryBomb_RaisesMemoryErrorAndKeepsVariables()
    {
        using var session = python.NewSession();
        await session.RunAsync("kept = 'still here'", Limit, Ct);

        var result = await session.RunAsync("blocks = []\nwhile True:\n    blocks.append(bytearray(16 * 1024 * 1024))", Limit, Ct);

        result.Outcome.Should().Be(SnippetOutcome.Limit, result.ToFeedback());
        result.Error.Should().Contain("MemoryError");
        (await session.RunAsync("del blocks\nkept", Limit, Ct)).Value.Should().Be("'still here'");
    }

    [Fact]
    public async Task RunAsync_OneHugeAllocation_RaisesMemoryError()
    {
        using var session = python.NewSession();
        var result = await session.RunAsync("x = 'a' * (3 * 2 ** 29)", Limit, Ct);
        result.Error.Should().Contain("MemoryError");
        (await session.RunAsync("print('alive')", Limit, Ct)).Output.Should().Be("alive\n");
    }

    [Fact]
    public async Task RunAsync_OutputFlood_IsCappedAndCounted()
    {
        using var session = python.NewSession();
        var result = await session.RunAsync("for i in range(100_000):\n    print('x' * 99)", Limit, Ct);

        result.Outcome.Should().Be(SnippetOutcome.Completed);
        result.Output.Length.Should().BeLessThan(10_000 + 200, "the fixture caps output at 10,000 chars");
        result.Output.Should().Contain("9,990,000 more chars were printed and dropped");
    }

    [Fact]
    public async Task RunAsync_EndlessOutput_TimesOutWithCappedOutput()
    {
        using var session = python.NewSession();
        var result = await session.RunAsync("while True:\n    print('y' * 1000)", TimeSpan.FromSeconds(1), Ct);

        result.Outcome.Should().Be(SnippetOutcome.Timeout);
        result.Output.Length.Should().BeLessThan(10_000 + 200);
    }

    [Fact]
    public async Task RunAsync_RawWritesToStdoutAndStderr_AreCapturedAndCapped()
    {
        using var session = python.NewSession();
        var result = await session.RunAsync("import os\nos.write(1, b'one\\n')\nos.write(2, b'two\\n')\nos.write(1, b'z' * 1_000_000)", Limit, Ct);
        result.Output.Should().StartWith("one\ntwo\n");
        result.Output.Length.Should().BeLessThan(10_000 + 200);
    }

    [Fact]
    public async Task RunAsync_SystemExit_EndsTheBlockNotTheSession()
    {
        using var session = python.NewSession();
        await session.RunAsync("kept = 5", Limit, Ct);
        var result = await session.RunAsync("import sys\nsys.exit(3)", Limit, Ct);
        result.Error.Should().Contain("SystemExit");
        (await session.RunAsync("kept", Limit, Ct)).Value.Should().Be("5");
    }

    [Fact]
    public async Task RunAsync_OsExit_RestartsTheSession()
    {
        using var session = python.NewSession();
        var result = await session.RunAsync("import os\nos._exit(0)", Limit, Ct);
        result.SessionReset.Should().BeTrue();
        (await session.RunAsync("print('alive')", Limit, Ct)).Output.Should().Be("alive\n");
    }

    [Fact]
    public async Task RunAsync_Cancelled_ThrowsAndTheSessionRestarts()
    {
        using var session = python.NewSession();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromMilliseconds(500));

        var act = () => session.RunAsync("while True:\n    pass", Limit, cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        (await session.RunAsync("print('alive')", Limit, Ct)).Output.Should().Be("alive\n");
    }
}
