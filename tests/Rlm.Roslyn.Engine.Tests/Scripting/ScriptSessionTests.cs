using System.Runtime.CompilerServices;
using Rlm.Roslyn.Tests.Fakes;

namespace Rlm.Roslyn.Tests.Scripting;

public sealed class ScriptSessionTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task RunAsync_VariablesMethodsAndTypes_PersistAcrossSnippets()
    {
        using var session = EchoScriptHost.NewSession();

        (await session.RunAsync("var x = 41; int Twice(int v) => v * 2; record Pair(string A, int B);", Limit)).Should().BeOfType<SubmissionCompleted>();
        var result = await session.RunAsync("var p = new Pair(\"a\", Twice(x)); p.B + 1", Limit);

        result.Should().BeOfType<SubmissionCompleted>().Which.ReturnValue.Should().Be("83");
    }

    [Theory]
    [InlineData("var xs = new List<int> { 1, 2, 3 };", "xs.Sum()", "6")]
    [InlineData("var xs = new List<int> { 1, 2, 3 };", "IEnumerable<int> e = xs; e.Count()", "3")]
    [InlineData("var d = new Dictionary<string, int> { [\"a\"] = 1 };", "d.Keys.First()", "a")]
    [InlineData("var hits = Grep(\"one\");", "hits.Select(h => h.Line).First()", "1")]
    public async Task RunAsync_FirstUseOfLinqOnAnEarlierVariable_Binds(string first, string second, string expected)
    {
        using var session = EchoScriptHost.NewSession();
        (await session.RunAsync(first, Limit)).Should().BeOfType<SubmissionCompleted>();

        var result = await session.RunAsync(second, Limit);

        result.Should().BeOfType<SubmissionCompleted>().Which.ReturnValue.Should().Be(expected);
    }

    [Fact]
    public async Task RunAsync_SessionsCompilingAtOnce_EachChainStillBindsLinqOnEarlierVariables()
    {
        // Concurrent first compilations used to bind their references to different symbol sets (CS1929 later).
        for (var round = 0; round < 3; round++)
        {
            var sessions = Enumerable.Range(0, 4).Select(_ => EchoScriptHost.NewSession()).ToArray();
            try
            {
                var results = await Task.WhenAll(sessions.Select(async s =>
                {
                    await s.RunAsync("var xs = new List<int> { 1, 2, 3 };", Limit);
                    return await s.RunAsync("xs.Sum()", Limit);
                }));

                results.Should().AllSatisfy(r => r.Should().BeOfType<SubmissionCompleted>().Which.ReturnValue.Should().Be("6"));
            }
            finally
            {
                foreach (var s in sessions)
                {
                    s.Dispose();
                }
            }
        }
    }

    [Fact]
    public async Task RunAsync_PrintAndConsole_AreCapturedInOrder()
    {
        using var session = EchoScriptHost.NewSession();

        var result = await session.RunAsync("Print(\"a\"); Console.WriteLine(\"b\"); Console.Write(\"c\"); Print(new[] { 1, 2 });", Limit);

        result.Output.Should().Be("a\nb\ncint[2] { 1, 2 }\n");
    }

    [Fact]
    public async Task RunAsync_GlobalsAreVisible()
    {
        using var session = EchoScriptHost.NewSession("abc\ndef\n");

        var result = await session.RunAsync("Print(Context.Length); Print(Query); Print(Peek(4, 3)); Print(Llm(\"hi\"));", Limit);

        result.Output.Should().Be("8\nthe question\ndef\necho: hi\n");
    }

    [Fact]
    public async Task RunAsync_CompileError_ReportsLineAndColumnInSnippet()
    {
        using var session = EchoScriptHost.NewSession();

        var result = await session.RunAsync("var a = 1;\nfor (var i = 0; i < 3; i++)\n    a += missing;\n", Limit);

        var rejected = result.Should().BeOfType<SubmissionRejected>().Subject;
        rejected.Diagnostics.Should().ContainSingle(d => d.Id == "CS0103").Which.Should().Match<SnippetDiagnostic>(d => d.Line == 3 && d.Column == 10);
        session.SubmissionCount.Should().Be(0, "a rejected snippet leaves the session as it was");
    }

    [Fact]
    public async Task RunAsync_AfterCompileError_NextSnippetStillSeesEarlierState()
    {
        using var session = EchoScriptHost.NewSession();
        await session.RunAsync("var kept = 7;", Limit);
        await session.RunAsync("var broken = ;", Limit);

        var result = await session.RunAsync("kept", Limit);

        result.Should().BeOfType<SubmissionCompleted>().Which.ReturnValue.Should().Be("7");
    }

    [Fact]
    public async Task RunAsync_RuntimeException_ReportsTypeMessageAndLine()
    {
        using var session = EchoScriptHost.NewSession();

        var result = await session.RunAsync("var list = new List<int>();\nPrint(\"before\");\nvar first = list.First();\n", Limit);

        var failed = result.Should().BeOfType<SubmissionFailed>().Subject;
        failed.ExceptionType.Should().Be("System.InvalidOperationException");
        failed.Location.Should().Be("line 3");
        failed.Output.Should().Be("before\n");
        failed.ToFeedback().Should().Contain("Sequence contains no elements");
    }

    [Fact]
    public async Task RunAsync_InfiniteLoop_StopsAtCheckpointAndKeepsSession()
    {
        using var session = EchoScriptHost.NewSession();
        await session.RunAsync("var before = 5;", Limit);

        var result = await session.RunAsync("long n = 0; while (true) { n++; }", TimeSpan.FromMilliseconds(300));

        result.Should().BeOfType<SubmissionTimedOut>().Which.SessionLost.Should().BeFalse();
        session.IsBroken.Should().BeFalse();
        (await session.RunAsync("before", Limit)).Should().BeOfType<SubmissionCompleted>().Which.ReturnValue.Should().Be("5");
    }

    [Fact]
    public async Task RunAsync_CatchAroundLoop_CannotSwallowTheLimit()
    {
        using var session = EchoScriptHost.NewSession();

        var result = await session.RunAsync(
            "int caught = 0; while (true) { try { while (true) { } } catch (Exception) { caught++; } }", TimeSpan.FromMilliseconds(300));

        result.Should().BeOfType<SubmissionTimedOut>().Which.SessionLost.Should().BeFalse();
    }

    [Fact]
    public async Task RunAsync_LoopInsideDeclaredType_StopsAtStaticCheckpoint()
    {
        using var session = EchoScriptHost.NewSession();

        var result = await session.RunAsync("class Spinner { public static void Spin() { for (;;) { } } }\nSpinner.Spin();", TimeSpan.FromMilliseconds(300));

        result.Should().BeOfType<SubmissionTimedOut>().Which.SessionLost.Should().BeFalse();
    }

    [Fact]
    public async Task RunAsync_LongLibraryCallWithoutCheckpoint_IsAbandonedAndSessionBroken()
    {
        using var session = EchoScriptHost.NewSession(options: new ScriptSessionOptions { AbandonAfter = TimeSpan.FromMilliseconds(200), Policy = TrustedCodePolicy.Instance });

        var result = await session.RunAsync("System.Threading.Thread.Sleep(3000);", TimeSpan.FromMilliseconds(200));

        result.Should().BeOfType<SubmissionTimedOut>().Which.SessionLost.Should().BeTrue();
        session.IsBroken.Should().BeTrue();
    }

    [Fact]
    public async Task RunAsync_Cancelled_Throws()
    {
        using var session = EchoScriptHost.NewSession();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var act = () => session.RunAsync("while (true) { }", Limit, cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        session.IsBroken.Should().BeFalse("the loop stops at its next checkpoint, so the session survives");
    }

    [Fact]
    public async Task RunAsync_TopLevelAwait_Works()
    {
        using var session = EchoScriptHost.NewSession();

        var result = await session.RunAsync("var answer = await LlmAsync(\"q\"); answer", Limit);

        result.Should().BeOfType<SubmissionCompleted>().Which.ReturnValue.Should().Be("echo: q");
    }

    [Fact]
    public async Task TryGetVariable_LatestDeclarationWins()
    {
        using var session = EchoScriptHost.NewSession();
        await session.RunAsync("var v = 1;", Limit);
        await session.RunAsync("var v = \"two\";", Limit);

        session.TryGetVariable("v", out var value).Should().BeTrue();
        value.Should().Be("two");
        session.TryGetVariable("nope", out _).Should().BeFalse();
        session.DescribeVariables().Should().Be("v : string = \"two\"");
    }

    [Fact]
    public async Task ShowVars_ListsVariablesWithTypes()
    {
        using var session = EchoScriptHost.NewSession();
        await session.RunAsync("var words = new List<string> { \"a\" }; var n = 3;", Limit);

        var result = await session.RunAsync("ShowVars()", Limit);

        result.Should().BeOfType<SubmissionCompleted>().Which.ReturnValue.Should().Contain("words : List<string>").And.Contain("n : int = 3");
    }

    [Fact]
    public async Task RunAsync_ConcurrentSessions_CaptureTheirOwnOutput()
    {
        var sessions = Enumerable.Range(0, 6).Select(_ => EchoScriptHost.NewSession()).ToArray();
        try
        {
            var results = await Task.WhenAll(sessions.Select((s, i) =>
                s.RunAsync($"for (var k = 0; k < 200; k++) {{ Console.Write(\"{i}\"); await Task.Yield(); }}", Limit)));

            for (var i = 0; i < results.Length; i++)
            {
                results[i].Output.Should().Be(new string((char)('0' + i), 200));
            }
        }
        finally
        {
            foreach (var s in sessions)
            {
                s.Dispose();
            }
        }
    }

    [Fact]
    public async Task Dispose_ManySessions_LoadContextsAreCollected()
    {
        var handles = new List<WeakReference>();
        for (var i = 0; i < 20; i++)
        {
            handles.Add(await RunAndDisposeAsync(i));
        }

        for (var attempt = 0; attempt < 20 && handles.Any(h => h.IsAlive); attempt++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Delay(20);
        }

        handles.Should().OnlyContain(h => !h.IsAlive, "a disposed session's collectible load context must unload");
    }

    [Fact]
    public async Task Dispose_RightAfterTheLastSnippet_LoadContextIsCollectedWithoutYielding()
    {
        var handle = await RunAndDisposeAsync(0);

        // No await between the snippet's completion and the collection: the caller's own stack must not keep it.
        for (var i = 0; i < 5 && handle.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        handle.IsAlive.Should().BeFalse();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> RunAndDisposeAsync(int i)
    {
        using var session = EchoScriptHost.NewSession();
        await session.RunAsync($"var x = {i}; record R(int V); class C {{ public int F() => {i}; }}", Limit);
        await session.RunAsync("Print(new R(x)); Print(new C().F()); try { throw new Exception(\"boom\"); } catch { }", Limit);
        return session.LoadContextHandle();
    }
}
