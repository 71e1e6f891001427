using Rlm.Roslyn.Python.Tests.Fakes;

namespace Rlm.Roslyn.Python.Tests;

/// <summary>
/// Blocks that reach the driver's host-call module <c>_rlm</c> by introspection and try to speak the driver's
/// protocol themselves: end their block with a forged result (a final answer), then answer the host's later
/// commands in place of the driver. The host must refuse everything but sub-calls, report the true results and
/// keep the session working.
/// </summary>
public sealed class ProtocolContainmentTests(PythonFixture python)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    // The driver's reply to a block, packed (see Packed.cs): no error type, no error, final answer "FORGED", no value.
    private const string Forge = """
        forged = b'--6:FORGED-'
        try:
            while True:
                r.call(0, forged)  # op 0 was the driver's "block done, next command please"
        except RuntimeError as e:
            print('refused:', e)
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Each route binds <c>r</c> to the live <c>_rlm</c> module (or a fresh copy of it).</summary>
    public static TheoryData<string> Routes =>
    [
        "r = llm_query.__globals__['_rlm']",
        "import sys\nr = sys.modules['__main__']._rlm",
        "import sys\ndel sys.modules['_rlm']\nimport _rlm as r",
        "import importlib.machinery, importlib.util\nr = importlib.util.module_from_spec(importlib.machinery.BuiltinImporter.find_spec('_rlm'))",
        "import _imp, importlib.machinery\nr = _imp.create_builtin(importlib.machinery.ModuleSpec('_rlm', None))",
        "import sys\nr = sys._getframe().f_back.f_globals['_rlm']",
        "try:\n    FINAL_VAR('no_such_variable')\nexcept NameError as e:\n    r = e.__traceback__.tb_next.tb_frame.f_globals['_rlm']",
        "import gc\nr = next(o for o in gc.get_objects() if isinstance(o, dict) and o.get('_rlm') is not None)['_rlm']",
        "import gc\nr = next(o for o in gc.get_objects() if type(o).__name__ == 'builtin_function_or_method' and o.__name__ == 'call' and getattr(o.__self__, '__name__', '') == '_rlm').__self__",
        "import gc, _ast\nr = next(d for d in gc.get_referrers(_ast) if isinstance(d, dict) and d.get('_rlm') is not None)['_rlm']",
        "r = next(c.cell_contents for c in FINAL_VAR.__closure__ if callable(c.cell_contents)).__globals__['_rlm']",
        "import sys\nfinal_class = next(c for c in Exception.__subclasses__() if c.__name__ == '_Final')\nr = vars(sys.modules[final_class.__module__])['_rlm']",
    ];

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task RunAsync_BlockForgesTheDriversReply_IsRefusedAndTheTrueResultsCome(string route)
    {
        using var session = python.NewSession("secret context");
        (await session.RunAsync("kept = 7", Limit, Ct)).Outcome.Should().Be(SnippetOutcome.Completed);

        var result = await session.RunAsync(route + "\n" + Forge, Limit, Ct);

        result.FinalAnswer.Should().BeNull("a block cannot end itself with a forged reply");
        result.Outcome.Should().Be(SnippetOutcome.Completed, result.ToFeedback());
        result.Output.Should().Contain("refused:").And.Contain("Not a sub-call", "the route reached _rlm and the host said no");
        var after = await session.RunAsync("kept * 6", Limit, Ct);
        after.FinalAnswer.Should().BeNull("the block did not stay behind to answer the next command");
        after.Value.Should().Be("42");
        (await session.ReadVariableAsync("kept", TimeSpan.FromSeconds(30), Ct)).Value.Should().Be("7");
    }

    [Fact]
    public async Task RunAsync_BlockStartsASecondDriverLoop_IsRefused()
    {
        using var session = python.NewSession();
        var code = """
            r = llm_query.__globals__['_rlm']
            try:
                r.serve(lambda command: b'--6:FORGED-')
            except RuntimeError as e:
                print('refused:', e)
            """;

        var result = await session.RunAsync(code, Limit, Ct);

        result.Outcome.Should().Be(SnippetOutcome.Completed, result.ToFeedback());
        result.Output.Should().Contain("refused:").And.Contain("already running");
        result.FinalAnswer.Should().BeNull();
        var after = await session.RunAsync("6 * 7", Limit, Ct);
        after.FinalAnswer.Should().BeNull();
        after.Value.Should().Be("42");
    }

    [Fact]
    public async Task RunAsync_ForgeryDuringAVariableRead_IsRefused()
    {
        // FINAL_VAR's value is read with str(), which runs the block's own __str__ inside the host's read command.
        using var session = python.NewSession();
        var code = """
            class Sly:
                def __str__(self):
                    try:
                        llm_query.__globals__['_rlm'].call(0, b'-')
                    except RuntimeError:
                        pass
                    return 'true value'
            answer = Sly()
            """;
        (await session.RunAsync(code, Limit, Ct)).Outcome.Should().Be(SnippetOutcome.Completed);

        (await session.ReadVariableAsync("answer", TimeSpan.FromSeconds(30), Ct)).Value.Should().Be("true value");
        (await session.RunAsync("1 + 1", Limit, Ct)).Value.Should().Be("2");
    }

    [Fact]
    public async Task RunAsync_RawSubCall_IsServedByTheSameHost()
    {
        // A direct _rlm.call for a sub-LM request is the same capability as llm_query, and reaches the same host (and budget).
        var host = new RecordingHost();
        using var session = python.NewSession("ctx", host);

        var result = await session.RunAsync("llm_query.__globals__['_rlm'].call(1, b'raw')", Limit, Ct);

        result.Value.Should().Be("b'echo: raw'");
        host.Calls.Should().Equal("llm:raw");
    }

    [Theory]
    [InlineData(4)]
    [InlineData(-1)]
    [InlineData(99)]
    public async Task RunAsync_UnknownOp_RaisesInTheBlock(int op)
    {
        using var session = python.NewSession();
        var result = await session.RunAsync($"llm_query.__globals__['_rlm'].call({op}, b'x')", Limit, Ct);

        result.Outcome.Should().Be(SnippetOutcome.RuntimeError);
        result.Error.Should().Contain("RuntimeError");
        (await session.RunAsync("1 + 1", Limit, Ct)).Value.Should().Be("2");
    }
}
