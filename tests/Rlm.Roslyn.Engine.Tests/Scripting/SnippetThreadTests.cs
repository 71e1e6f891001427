using Rlm.Roslyn.Tests.Fakes;

namespace Rlm.Roslyn.Tests.Scripting;

/// <summary>
/// The session's large-stack snippet thread: snippets and their continuations run on it, depth is measured on it,
/// and a stack too full to unwind parks it instead of ending the process.
/// </summary>
public sealed class SnippetThreadTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RunAsync_Snippets_RunOnOneLargeStackThreadPerSession()
    {
        // Trusted: the snippet names Thread, which the analyzer refuses.
        using var session = EchoScriptHost.NewSession(options: new ScriptSessionOptions { Policy = TrustedCodePolicy.Instance });
        const string where = "$\"{System.Threading.Thread.CurrentThread.Name}#{System.Threading.Thread.CurrentThread.ManagedThreadId}\"";

        var first = await session.RunAsync(where, Limit);
        var afterAwait = await session.RunAsync($"await Task.Delay(1); {where}", Limit);

        var name = first.Should().BeOfType<SubmissionCompleted>().Which.ReturnValue;
        name.Should().StartWith("rlm-snippet#");
        afterAwait.Should().BeOfType<SubmissionCompleted>().Which.ReturnValue.Should().Be(name, "a continuation comes back to the free snippet thread");
    }

    [Fact]
    public async Task RunAsync_RecursionDeeperThanAThreadPoolStack_Completes()
    {
        using var session = EchoScriptHost.NewSession();

        // About 40,000 frames: more than a 1.5 MB thread-pool stack holds, well inside the 16 MB depth budget.
        var result = await session.RunAsync("long Sum(long n, long a, long b, long c) => n == 0 ? a + b + c : Sum(n - 1, a + 1, b, c) + 1;\nSum(40_000, 0, 0, 0)", Limit);

        result.Should().BeOfType<SubmissionCompleted>().Which.ReturnValue.Should().Be("80000");
    }

    [Fact]
    public async Task RunAsync_SmallDepthBudget_TripsCallDepthEarlier()
    {
        using var session = EchoScriptHost.NewSession(options: new ScriptSessionOptions { MaxStackDepthBytes = 64 << 10 });

        var result = await session.RunAsync("int Depth(int n) => n == 0 ? 0 : 1 + Depth(n - 1);\nDepth(10_000)", Limit);

        result.Should().BeOfType<SubmissionStopped>().Which.Limit.Should().Be(SnippetLimit.CallDepth);
    }

    [Fact]
    public async Task Check_StackTooFullToUnwind_ParksTheThreadInsteadOfOverflowing()
    {
        // Test code is not rewritten: its finally keeps recursing after the trip, each level throwing on top of the
        // last, until the stack nears its end; the checkpoint then parks the thread instead of letting it overflow.
        using var thread = new SnippetThread(4 << 20, 256 << 10, 1 << 20);
        var scope = new SnippetScope(1000, 1L << 30, CancellationToken.None);

        _ = thread.RunAsync<object?>(() =>
        {
            ScriptCheckpoint.Scope = scope;
            Down(scope);
            return Task.FromResult<object?>(null);
        });
        var parked = await Task.WhenAny(scope.Parked, Task.Delay(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));

        parked.Should().BeSameAs(scope.Parked);
        scope.Tripped!.Limit.Should().Be(SnippetLimit.CallDepth);
    }

    [Fact]
    public async Task RunAsync_BlockingOnItsOwnTask_DoesNotDeadlock()
    {
        using var session = EchoScriptHost.NewSession();

        var result = await session.RunAsync("async Task<int> Seven() { await Task.Delay(20); await Task.Yield(); return 7; }\nSeven().Result", Limit);

        result.Should().BeOfType<SubmissionCompleted>().Which.ReturnValue.Should().Be("7");
    }

    [Fact]
    public async Task RunAsync_SnippetSetsConsoleNewLine_HostConsoleKeepsItsOwn()
    {
        using var session = EchoScriptHost.NewSession();
        var before = Console.Out.NewLine;

        var result = await session.RunAsync("Console.Out.NewLine = \"<nl>\";\nConsole.WriteLine(\"a\");\nConsole.Write(\"b\");", Limit);

        result.Should().BeOfType<SubmissionCompleted>().Which.Output.Should().Be("a<nl>b");
        Console.Out.NewLine.Should().Be(before);
    }

    [Fact]
    public async Task RunAsync_CompileErrorInsideExpressionLambda_ReportsTheModelsOwnColumn()
    {
        using var session = EchoScriptHost.NewSession();

        var result = await session.RunAsync("var xs = new[] { 1 };\nvar n = xs.Select(x => x.Nope).ToList();", Limit);

        result.Should().BeOfType<SubmissionRejected>().Which.Diagnostics.Should().ContainSingle()
            .Which.Should().Match<SnippetDiagnostic>(d => d.Id == "CS1061" && d.Line == 2 && d.Column == 26);
    }

    [Fact]
    public async Task RunAsync_VoidExpressionLambdaGuessedAsValue_CompilesOnRetryAndStillChecks()
    {
        using var session = EchoScriptHost.NewSession();

        // sb.Append returns a value, but the delegate is an Action: the first guess fails, the retry compiles.
        var result = await session.RunAsync("var sb = new StringBuilder();\nAction<int> add = x => sb.Append(x);\nadd(4); add(2);\nsb.ToString()", Limit);
        var runaway = await session.RunAsync("Action<int> down = null;\ndown = x => down(x + 1);\ndown(0);", Limit);

        result.Should().BeOfType<SubmissionCompleted>().Which.ReturnValue.Should().Be("42");
        runaway.Should().BeOfType<SubmissionStopped>().Which.Limit.Should().Be(SnippetLimit.CallDepth);
    }

    private static void Down(SnippetScope scope)
    {
        scope.Check();
        try
        {
            Down(scope);
        }
        finally
        {
            Down(scope);
        }
    }
}
