namespace Rlm.Roslyn.Python.Tests;

public sealed class SessionTests(PythonFixture python)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_Print_ReturnsOutput()
    {
        using var session = python.NewSession();
        var result = await session.RunAsync("print(sum(range(10)))", Limit, Ct);
        result.Outcome.Should().Be(SnippetOutcome.Completed, result.ToFeedback());
        result.Output.Should().Be("45\n");
    }

    [Fact]
    public async Task RunAsync_VariablesPersistAcrossBlocks()
    {
        using var session = python.NewSession();
        (await session.RunAsync("x = 21\ndef double(v):\n    return v * 2", Limit, Ct)).Outcome.Should().Be(SnippetOutcome.Completed);
        var result = await session.RunAsync("double(x)", Limit, Ct);
        result.Value.Should().Be("42");
        result.ToFeedback().Should().Be("42");
    }

    [Fact]
    public async Task RunAsync_OneDocument_ContextIsAStr()
    {
        using var session = python.NewSession("line one\nline two\n");
        var result = await session.RunAsync("print(type(context).__name__, len(context), context.splitlines()[1], query)", Limit, Ct);
        result.Output.Should().Be("str 18 line two the question\n");
    }

    [Fact]
    public async Task RunAsync_SeveralDocuments_ContextIsAListInOrder()
    {
        var text = "first doc\nsecond doc é\nthird";
        var documents = new[]
        {
            new Document(0, "a.txt", 0, 10, text.AsMemory(0, 10)),
            new Document(1, "b.txt", 10, 13, text.AsMemory(10, 13)),
            new Document(2, "c.txt", 23, 5, text.AsMemory(23, 5)),
        };
        using var session = python.NewSession(new RlmContext(text.AsMemory(), documents));
        var result = await session.RunAsync("print(type(context).__name__, context)", Limit, Ct);
        result.Output.Should().Be("list ['first doc\\n', 'second doc é\\n', 'third']\n");
    }

    [Fact]
    public async Task RunAsync_LlmQuery_RoundTripsThroughTheHost()
    {
        var host = new Fakes.RecordingHost();
        using var session = python.NewSession("ctx", host);
        var result = await session.RunAsync("answer = llm_query('summarise: ' + context)\nprint(answer)", Limit, Ct);
        result.Output.Should().Be("echo: summarise: ctx\n");
        host.Calls.Should().Equal("llm:summarise: ctx");
    }

    [Fact]
    public async Task RunAsync_LlmQueryBatched_KeepsOrder()
    {
        var host = new Fakes.RecordingHost();
        using var session = python.NewSession("ctx", host);
        var result = await session.RunAsync("llm_query_batched(['a', 'b', 'c é'])", Limit, Ct);
        result.Value.Should().Be("['echo: a', 'echo: b', 'echo: c é']");
        host.Calls.Should().Contain("batch:3");
    }

    [Fact]
    public async Task RunAsync_RlmQuery_PassesQueryAndContext()
    {
        var host = new Fakes.RecordingHost();
        using var session = python.NewSession("ctx", host);
        var result = await session.RunAsync("rlm_query('who?', context * 4)", Limit, Ct);
        result.Value.Should().Be("'child: who? over 12 chars'");
    }

    [Fact]
    public async Task RunAsync_HostCallFails_TheGuestSeesAnErrorItCanCatch()
    {
        var host = new Fakes.RecordingHost { Llm = (_, _) => Task.FromResult("Error: the sub-model is down") };
        using var session = python.NewSession("ctx", host);
        var result = await session.RunAsync("llm_query('x')", Limit, Ct);
        result.Value.Should().Be("'Error: the sub-model is down'");
    }

    [Fact]
    public async Task RunAsync_HostCallThrows_TheGuestGetsARuntimeErrorAndKeepsItsVariables()
    {
        var host = new Fakes.RecordingHost { Llm = (_, _) => throw new InvalidOperationException("boom") };
        using var session = python.NewSession("ctx", host);
        await session.RunAsync("kept = 1", Limit, Ct);

        var result = await session.RunAsync("try:\n    llm_query('x')\nexcept RuntimeError as e:\n    print('caught', e)", Limit, Ct);

        result.Output.Should().Be("caught InvalidOperationException: boom\n");
        (await session.RunAsync("kept", Limit, Ct)).Value.Should().Be("1");
    }

    [Fact]
    public async Task RunAsync_SubCallOutlivesTheDeadline_IsCancelledAndTheBlockSeesWhy()
    {
        var host = new Fakes.RecordingHost { Llm = async (_, ct) => { await Task.Delay(TimeSpan.FromMinutes(5), ct); return "late"; } };
        using var session = python.NewSession("ctx", host);
        await session.RunAsync("kept = 2", Limit, Ct);

        var result = await session.RunAsync("llm_query('slow')", TimeSpan.FromSeconds(1), Ct);

        result.Outcome.Should().BeOneOf(SnippetOutcome.RuntimeError, SnippetOutcome.Timeout);
        result.ToFeedback().Should().Contain("limit");
        result.Elapsed.Should().BeLessThan(TimeSpan.FromMinutes(1), "the sub-call is cancelled at the deadline");
    }

    [Fact]
    public async Task RunAsync_RawRlmModule_IsNotImportable()
    {
        using var session = python.NewSession();
        var result = await session.RunAsync("import _rlm", Limit, Ct);
        result.Error.Should().Contain("import of _rlm halted");
    }

    [Fact]
    public async Task RunAsync_Final_EndsTheBlockWithTheAnswer()
    {
        using var session = python.NewSession();
        var result = await session.RunAsync("total = 6 * 7\nfinal(total)\nprint('not reached')", Limit, Ct);
        result.FinalAnswer.Should().Be("42");
        result.Output.Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_FinalVarCalledInCode_AnswersWithTheVariable()
    {
        using var session = python.NewSession();
        var result = await session.RunAsync("found = 'the vault is 1234'\nFINAL_VAR('found')", Limit, Ct);
        result.FinalAnswer.Should().Be("the vault is 1234");
    }

    [Fact]
    public async Task GetVariableAsync_ExistingAndMissing()
    {
        using var session = python.NewSession();
        await session.RunAsync("answer = ['a', 1]\nname = 'plain text'", Limit, Ct);
        (await session.ReadVariableAsync("answer", TimeSpan.FromSeconds(30), Ct)).Value.Should().Be("['a', 1]");
        (await session.ReadVariableAsync("name", TimeSpan.FromSeconds(30), Ct)).Value.Should().Be("plain text");
        (await session.ReadVariableAsync("missing", TimeSpan.FromSeconds(30), Ct)).Value.Should().BeNull();
    }

    [Fact]
    public async Task GetVariableAsync_BeforeAnyBlock_IsNull()
    {
        using var session = python.NewSession();
        (await session.ReadVariableAsync("context", TimeSpan.FromSeconds(30), Ct)).Value.Should().BeNull();
    }

    [Fact]
    public async Task RunAsync_SyntaxError_IsACompileErrorWithTheLine()
    {
        using var session = python.NewSession();
        var result = await session.RunAsync("x = 1\nif x\n    print(x)", Limit, Ct);
        result.Outcome.Should().Be(SnippetOutcome.CompileError);
        result.Error.Should().Contain("line 2").And.Contain("SyntaxError");
    }

    [Fact]
    public async Task RunAsync_Exception_ShowsATracebackOfTheBlockOnly()
    {
        using var session = python.NewSession();
        var result = await session.RunAsync("print('partial')\ndef g():\n    return {}['k']\ng()", Limit, Ct);
        result.Outcome.Should().Be(SnippetOutcome.RuntimeError);
        result.Output.Should().Be("partial\n");
        result.Error.Should().Contain("line 3, in g").And.Contain("return {}['k']").And.EndWith("KeyError: 'k'\n");
        result.Error.Should().NotContain("driver", "frames of the driver are hidden");
    }

    [Fact]
    public async Task RunAsync_StdlibModules_Import()
    {
        using var session = python.NewSession();
        var result = await session.RunAsync("import re, json, collections, itertools, math, statistics, textwrap, difflib, zlib, datetime, decimal, unicodedata\nprint(json.dumps(collections.Counter('abca').most_common(1)), zlib.crc32(b'x'))", Limit, Ct);
        result.Output.Should().Be("[[\"a\", 2]] 2363233923\n", result.ToFeedback());
    }
}
