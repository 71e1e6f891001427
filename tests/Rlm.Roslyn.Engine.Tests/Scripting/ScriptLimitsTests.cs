using Rlm.Roslyn.Tests.Fakes;

namespace Rlm.Roslyn.Tests.Scripting;

/// <summary>Runtime limits injected into snippets: call depth, memory, output; none can be swallowed by a catch.</summary>
public sealed class ScriptLimitsTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("int Down(int n) { return Down(n + 1) + 1; }\nDown(0);")]
    [InlineData("int Down(int n) => Down(n + 1) + 1;\nDown(0);")]
    [InlineData("class Loop { public int P => P + 1; }\nvar v = new Loop().P;")]
    [InlineData("class Loop { public int this[int i] => this[i + 1]; }\nvar v = new Loop()[0];")]
    [InlineData("class Loop { public int P { get => P; } }\nvar v = new Loop().P;")]
    [InlineData("record R(int X) { public static R operator +(R a, R b) => a + b; }\nvar v = new R(1) + new R(2);")]
    [InlineData("class Ping { public Ping() : this(1) { } public Ping(int n) => new Ping(); }\nvar p = new Ping();")]
    public async Task RunAsync_RunawayRecursion_IsStoppedBeforeTheStackOverflows(string code)
    {
        using var session = EchoScriptHost.NewSession();
        await session.RunAsync("var kept = 3;", Limit);

        var result = await session.RunAsync(code, Limit);

        result.Should().BeOfType<SubmissionStopped>().Which.Limit.Should().Be(SnippetLimit.CallDepth);
        (await session.RunAsync("kept", Limit)).Should().BeOfType<SubmissionCompleted>().Which.ReturnValue.Should().Be("3");
    }

    [Theory]
    [InlineData("static int F() { return 1; } F()", "1")]
    [InlineData("static int G() => 2; G()", "2")]
    [InlineData("Func<int, int> f = static x => { return x + 1; }; f(2)", "3")]
    [InlineData("static int L(int n) { var s = 0; for (var i = 0; i < n; i++) s += i; return s; } L(3)", "3")]
    [InlineData("static int Outer() { int Inner() { while (true) { return 5; } } return Inner(); } Outer()", "5")]
    public async Task RunAsync_StaticFunctions_CompileWithTheStaticCheckpoint(string code, string expected)
    {
        using var session = EchoScriptHost.NewSession();

        var result = await session.RunAsync(code, Limit);

        result.Should().BeOfType<SubmissionCompleted>().Which.ReturnValue.Should().Be(expected);
    }

    [Fact]
    public async Task RunAsync_LoopInStaticFunction_StillStopsAtItsLimit()
    {
        using var session = EchoScriptHost.NewSession();

        var result = await session.RunAsync("static long Spin() { long n = 0; while (true) { n++; } } Spin()", TimeSpan.FromMilliseconds(300));

        result.Should().BeOfType<SubmissionTimedOut>().Which.SessionLost.Should().BeFalse();
    }

    [Fact]
    public async Task RunAsync_CatchAroundRecursion_StillReportsTheLimit()
    {
        using var session = EchoScriptHost.NewSession();

        var result = await session.RunAsync("void Down() => Down();\ntry { Down(); } catch (Exception) { }\nPrint(\"after\");", Limit);

        var stopped = result.Should().BeOfType<SubmissionStopped>().Subject;
        stopped.Limit.Should().Be(SnippetLimit.CallDepth);
        stopped.ToFeedback().Should().Contain("Call depth limit");
    }

    [Fact]
    public async Task RunAsync_OutputFlood_IsStoppedAtTheCapAndKeepsTheHead()
    {
        using var session = EchoScriptHost.NewSession(options: new ScriptSessionOptions { MaxCapturedOutputChars = 10_000 });

        var result = await session.RunAsync("for (var i = 0; ; i++) { try { Print($\"line {i}\"); } catch { } }", Limit);

        var stopped = result.Should().BeOfType<SubmissionStopped>().Subject;
        stopped.Limit.Should().Be(SnippetLimit.Output);
        stopped.Output.Should().StartWith("line 0\nline 1\n");
        stopped.ToFeedback().Should().Contain("Output limit");
    }

    [Fact]
    public async Task RunAsync_MemoryBomb_IsStoppedAtTheHeapBudget()
    {
        using var session = EchoScriptHost.NewSession(options: new ScriptSessionOptions { MaxHeapGrowthBytes = 256L << 20 });

        var result = await session.RunAsync("var hoard = new List<byte[]>();\nwhile (true) { hoard.Add(new byte[64 * 1024]); }", Limit);

        result.Should().BeOfType<SubmissionStopped>().Which.Limit.Should().Be(SnippetLimit.Memory);
    }

    [Fact]
    public async Task RunAsync_CompileErrorAfterRewrittenMembers_ReportsTheModelsOwnColumns()
    {
        using var session = EchoScriptHost.NewSession();

        var result = await session.RunAsync("int F(int x) => x;\nclass C { public int P => 1; }\nfor (;;) break;\nvar y = F(1) + missing;", Limit);

        result.Should().BeOfType<SubmissionRejected>().Which.Diagnostics.Should().ContainSingle()
            .Which.Should().Match<SnippetDiagnostic>(d => d.Id == "CS0103" && d.Line == 4 && d.Column == 16);
    }

    [Fact]
    public async Task RunAsync_ExpressionBodiedMembers_StillBehaveTheSame()
    {
        using var session = EchoScriptHost.NewSession();

        var result = await session.RunAsync(
            "int Twice(int x) => x * 2;\nvoid Say(string s) => Print(s);\nasync Task<int> LaterAsync() => await Task.FromResult(5);\nasync Task NothingAsync() => await Task.Yield();\n" +
            "class Box { int _v; public Box(int v) => _v = v; public int V => _v; public int this[int i] => _v + i; public int W { get => _v; set => _v = value; } }\n" +
            "Say(\"hi\"); await NothingAsync(); var b = new Box(Twice(3)); b.W = b[1] + await LaterAsync(); b.V + b.W", Limit);

        result.Should().BeOfType<SubmissionCompleted>().Which.ReturnValue.Should().Be("24", "W sets _v to 6 + 1 + 5 = 12, and V reads the same field");
        result.Output.Should().Be("hi\n");
    }
}
