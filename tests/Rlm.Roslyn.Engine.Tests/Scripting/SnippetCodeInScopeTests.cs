using Rlm.Roslyn.Tests.Fakes;

namespace Rlm.Roslyn.Tests.Scripting;

/// <summary>
/// Code a snippet defines (ToString, getters, iterators, an exception's Message, initializers) runs only inside its
/// snippet, under the snippet's limits, whoever calls it: the host formatting a trailing value or a FINAL_VAR answer,
/// previewing variables, or reading an exception. Outside a snippet it fails closed. Every session here runs under the
/// default restricted-API policy, as a model's snippets do.
/// </summary>
public sealed class SnippetCodeInScopeTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    // A generous grace before abandoning (a loaded CI machine is slow to unwind), and a 4 MB depth limit: deeper than a
    // thread-pool thread's whole stack, so a recursion that trips it proves it ran on a large stack, at a quarter of the
    // default's unwinding cost.
    private static ScriptSession NewSession(TimeSpan? abandonAfter = null) =>
        EchoScriptHost.NewSession(options: new ScriptSessionOptions
        {
            AbandonAfter = abandonAfter ?? TimeSpan.FromSeconds(10),
            MaxHeapGrowthBytes = 512L << 20,
            MaxStackDepthBytes = 4L << 20,
        });

    [Theory]
    [InlineData("class Evil { public override string ToString() { while (true) { } } }\nnew Evil()")]
    [InlineData("class Evil { public int X { get { while (true) { } } } }\nnew Evil()")]
    [InlineData("class Evil { public override string ToString() { var s = \"\"; foreach (var i in Forever()) { s = i.ToString(); } return s; } static IEnumerable<int> Forever() { while (true) yield return 1; } }\nnew Evil()")]
    [InlineData("class Evil : Exception { public override string Message { get { while (true) { } } } }\nthrow new Evil();")]
    [InlineData("class Evil : Exception { public override string Message { get { while (true) { } } } }\nthrow new AggregateException(new Evil(), new Evil());")]
    public async Task TrailingValueOrException_ThatLoops_StopsAtTheSnippetsDeadline(string code)
    {
        using var session = NewSession();

        var result = await session.RunAsync(code, Short);

        result.Should().BeOfType<SubmissionTimedOut>().Which.SessionLost.Should().BeFalse("the loop met a checkpoint of its own snippet");
        (await session.RunAsync("1 + 1", Long)).Should().BeOfType<SubmissionCompleted>().Which.ReturnValue.Should().Be("2");
    }

    [Theory]
    [InlineData("class Evil { public override string ToString() => new Evil().ToString(); }\nnew Evil()")]
    [InlineData("class Evil { public Evil Next => new Evil(); public override string ToString() => Next.ToString(); }\nnew Evil()")]
    [InlineData("class Evil : Exception { public override string Message => new Evil().Message; }\nthrow new Evil();")]
    public async Task TrailingValueOrException_ThatRecurses_StopsAtTheCallDepthLimit(string code)
    {
        using var session = NewSession();

        var result = await session.RunAsync(code, Long);

        result.Should().BeOfType<SubmissionStopped>().Which.Limit.Should().Be(SnippetLimit.CallDepth);
    }

    [Fact]
    public async Task TrailingValue_PrintingAndChangingTheConsole_StaysInTheSnippetsOutput()
    {
        using var session = NewSession();
        var hostNewLine = Console.Out.NewLine;

        var result = await session.RunAsync(
            "class Evil { public override string ToString() { Console.Out.NewLine = \"#\"; Console.WriteLine(\"from ToString\"); return \"shown\"; } }\nnew Evil()",
            Long);

        var completed = result.Should().BeOfType<SubmissionCompleted>().Which;
        completed.ReturnValue.Should().Be("[shown]");
        completed.Output.Should().Contain("from ToString", "the snippet's own capture took what its ToString printed");
        Console.Out.NewLine.Should().Be(hostNewLine, "the host's console is not the snippet's to change");
    }

    [Theory]
    [InlineData("class Evil { public override string ToString() => throw new InvalidOperationException(\"nope\"); }\nnew Evil()", "InvalidOperationException")]
    [InlineData("class Evil : Exception { public override string Message => throw new InvalidOperationException(\"inner\"); }\nthrow new Evil();", "its Message threw")]
    public async Task TrailingValueOrMessage_ThatThrows_IsReportedToTheModel(string code, string expected)
    {
        using var session = NewSession();

        var result = await session.RunAsync(code, Long);

        // The value formatter shows a throwing ToString in the value; a thrown exception is the snippet's error.
        result.Should().BeAssignableTo<SubmissionResult>().Which.Should().Match(r => r is SubmissionFailed || r is SubmissionCompleted);
        result.ToFeedback().Should().Contain(expected);
    }

    [Fact]
    public async Task InspectAsync_VariableWhoseToStringLoops_StopsAtTheReadsDeadline()
    {
        using var session = NewSession();
        (await session.RunAsync("class Evil { public override string ToString() { while (true) { } } }\nvar evil = new Evil();", Long)).Should().BeOfType<SubmissionCompleted>();

        var read = await session.InspectAsync(session.DescribeVariables, Short, TestContext.Current.CancellationToken);

        read.Should().BeOfType<SubmissionTimedOut>();
        (await session.RunAsync("evil is not null", Long)).Should().BeOfType<SubmissionCompleted>().Which.ReturnValue.Should().Be("true", "the session keeps its variables");
    }

    [Fact]
    public async Task FinalVar_WhoseToStringLoops_IsToldToTheModelAndTheRunGoesOn()
    {
        var root = new ScriptedChatClient(
            Code.Reply("class Evil { public override string ToString() { while (true) { } } }\nvar answer = new Evil();"),
            "FINAL_VAR(answer)",
            "FINAL(the real answer)");
        var options = new RlmOptions { SnippetTimeout = TimeSpan.FromMilliseconds(500) };

        var result = await new RlmEngine(root, options: options).RunAsync("q", RlmContext.FromString("text"), TestContext.Current.CancellationToken);

        result.Answer.Should().Be("the real answer");
        root.LastUserText(2).Should().Contain("FINAL_VAR(answer)").And.Contain("Timeout");
    }

    [Theory]
    [InlineData("Console.WriteLine(new Evil());")]
    [InlineData("Console.Out.Write(\"{0}\", new Evil());")]
    [InlineData("Console.Error.WriteLine(new Evil());")]
    public async Task ConsoleWrite_OfABlockingToString_NeverHoldsTheHostsConsole(string write)
    {
        using var session = NewSession(abandonAfter: TimeSpan.FromSeconds(1));

        var result = await session.RunAsync("class Evil { public override string ToString() { new TaskCompletionSource().Task.Wait(); return \"x\"; } }\n" + write, Short);

        result.Should().BeOfType<SubmissionTimedOut>().Which.SessionLost.Should().BeTrue("the wait has no checkpoint: the watchdog abandons it");
        var hostWrite = Task.Run(() => Console.Out.Write(string.Empty), TestContext.Current.CancellationToken);
        (await Task.WhenAny(hostWrite, Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken))).Should().BeSameAs(hostWrite, "the host's console is not locked by the abandoned snippet");
    }

    [Fact]
    public async Task Await_AfterItsSnippetEnded_NeverResumes()
    {
        using var session = NewSession();
        (await session.RunAsync("var leaked = \"stopped\";\nasync Task Later() { await Task.Delay(200); leaked = \"resumed\"; }\n_ = Later();", Long)).Should().BeOfType<SubmissionCompleted>();

        var result = await session.RunAsync("await Task.Delay(800); leaked", Long);

        result.Should().BeOfType<SubmissionCompleted>().Which.ReturnValue.Should().Be("stopped");
    }

    [Fact]
    public async Task Continuation_WhileTheSnippetThreadIsBlocked_RunsOnALargeStackUnderTheDepthLimit()
    {
        using var session = NewSession();

        var result = await session.RunAsync(
            "IEnumerable<int> xs = new[] { 1 };\nfor (var i = 0; i < 1_000_000; i++) xs = xs.Select(x => x + 1);\nasync Task<int> Sum() { await Task.Delay(1); return xs.Sum(); }\nPrint(Sum().Result);",
            Long);

        result.Should().BeOfType<SubmissionStopped>().Which.Limit.Should().Be(SnippetLimit.CallDepth);
    }

    [Fact]
    public async Task Continuations_InAFlood_RunOnAFewOverflowThreads()
    {
        using var session = NewSession();
        var threadsBefore = System.Diagnostics.Process.GetCurrentProcess().Threads.Count;

        var result = await session.RunAsync(
            "async Task<int> One() { await Task.Yield(); return 1; }\nvar all = new List<Task<int>>();\nfor (var i = 0; i < 3000; i++) all.Add(One());\nPrint(Task.WhenAll(all).Result.Sum());",
            Long);

        result.Should().BeOfType<SubmissionCompleted>().Which.Output.Should().Be("3000\n");
        System.Diagnostics.Process.GetCurrentProcess().Threads.Count.Should().BeLessThan(threadsBefore + 100, "a flood of continuations shares a few overflow threads");
    }

    [Fact]
    public async Task SnippetCode_CalledOutsideItsSnippet_FailsClosed()
    {
        using var session = NewSession();
        (await session.RunAsync("var marks = new List<string>(); Func<int> f = () => { marks.Add(\"ran\"); return 1; };", Long)).Should().BeOfType<SubmissionCompleted>();
        session.TryGetVariable("f", out var value).Should().BeTrue();
        session.TryGetVariable("marks", out var marks).Should().BeTrue();

        var call = () => ((Func<int>)value!)();

        call.Should().Throw<InvalidOperationException>().WithMessage("*outside its snippet*");
        ((List<string>)marks!).Should().BeEmpty("the lambda's body never ran on the host's thread");
    }

    [Theory]
    [InlineData("class N { N next = new N(); }\nnew N();")]
    [InlineData("class N { public N Next { get; } = new N(); }\nnew N();")]
    [InlineData("class N { static int Count(N n) => 1; int size = Count(new N()); }\nnew N();")]
    [InlineData("record N { N Next = new N(); }\nnew N();")]
    [InlineData("class N { public N() : this(new N()) { } N(N inner) { } }\nnew N();")]
    [InlineData("class B { public B(object o) { } }\nclass N : B { public N() : base(new N()) { } }\nnew N();")]
    [InlineData("class B(object o) { public object O => o; }\nclass N() : B(new N());\nnew N();")]
    [InlineData("class N { N next = new N(); }\nasync Task Make() { await Task.Delay(1); new N(); }\nMake().Wait();")]
    public async Task Initializers_ThatCreateTheirOwnType_StopAtTheCallDepthLimit(string code)
    {
        using var session = NewSession();

        var result = await session.RunAsync(code, Long);

        result.Should().BeOfType<SubmissionStopped>().Which.Limit.Should().Be(SnippetLimit.CallDepth);
        (await session.RunAsync("1 + 1", Long)).Should().BeOfType<SubmissionCompleted>();
    }

    [Theory]
    [InlineData("class C { int[] xs = { 1, 2 }; List<int> ys = new() { 3 }; public int Sum => xs.Sum() + ys.Sum(); }\nnew C().Sum", "6")]
    [InlineData("class B(string s) { public string S => s; }\nclass C() : B(\"x\" + 1) { string t = \"y\"; public string T => S + t; }\nnew C().T", "x1y")]
    [InlineData("class C { readonly string _s; public C() : this(string.Concat(\"a\", \"b\")) { } C(string s) { _s = s; } public override string ToString() => _s; }\nnew C().ToString()", "ab")]
    [InlineData("record R(int X) { public int Y { get; init; } = X * 2; }\nnew R(2) == new R(2) ? new R(2).Y : -1", "4")]
    [InlineData("class C { Func<int, int> f = x => x + 1; public int Run() => f(1); }\nnew C().Run()", "2")]
    public async Task Initializers_ThatDoNotRecurse_RunAsWritten(string code, string expected)
    {
        using var session = NewSession();

        var result = await session.RunAsync(code, Long);

        result.Should().BeOfType<SubmissionCompleted>().Which.ReturnValue.Should().Be(expected);
    }

    [Theory]
    [InlineData("lock (Console.Out) { }")]
    [InlineData("var w = Console.Error; lock (w) { }")]
    [InlineData("object o = Console.Out; lock (o) { }")]
    [InlineData("lock (typeof(string)) { }")]
    [InlineData("lock (\"interned\") { }")]
    [InlineData("lock (Documents[0]) { }")]
    public async Task Lock_OnAnObjectTheHostShares_IsRefusedBeforeItIsTaken(string code)
    {
        using var session = NewSession();

        var result = await session.RunAsync(code, Long);

        result.Should().BeOfType<SubmissionFailed>().Which.Message.Should().Contain("shared with the host");
    }

    [Fact]
    public async Task Lock_OnTheSnippetsOwnObjects_Works()
    {
        using var session = NewSession();

        var result = await session.RunAsync(
            "var gate = new object(); var list = new List<int>(); var l = new System.Threading.Lock(); var n = 0;\n" +
            "lock (gate) { n++; } lock (list) { n++; } lock (l) { n++; }\nn",
            Long);

        result.Should().BeOfType<SubmissionCompleted>().Which.ReturnValue.Should().Be("3");
    }
}
