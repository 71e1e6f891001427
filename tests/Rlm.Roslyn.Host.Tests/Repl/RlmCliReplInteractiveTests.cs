using Rlm.Roslyn.Host.Tests.Fakes;

namespace Rlm.Roslyn.Host.Tests.Repl;

/// <summary><c>rlm repl</c> at a terminal, driven by typed lines.</summary>
public sealed class RlmCliReplInteractiveTests
{
    private static async Task<int> TypeAsync(HostHarness host, string typed, params string[] options)
    {
        host.TerminalInput = typed;
        var file = host.WriteFile("notes.txt", "alpha line\nbeta line with the needle\n");
        return await host.RunAsync(["repl", file, .. options]);
    }

    [Fact]
    public async Task Repl_Banner_DescribesTheContextAndTheCommands()
    {
        using var host = new HostHarness();

        var exitCode = await TypeAsync(host, "#exit\n");

        exitCode.Should().Be(0);
        host.Out.Should().StartWith("rlm repl: 37 chars (about 9 tokens) in 1 document(s): ")
            .And.Contain("notes.txt")
            .And.Contain("No endpoint is configured")
            .And.Contain("#help").And.Contain("#vars").And.Contain("#exit or Ctrl+D");
        host.StandardInputOpens.Should().Be(0, "a terminal is read line by line, not as a byte stream");
    }

    [Fact]
    public async Task Repl_MultiLineInput_RunsOnlyOnceComplete()
    {
        using var host = new HostHarness();

        var exitCode = await TypeAsync(host, "var xs = new List<int> {\n  1, 2,\n  3 };\nxs.Count\n#exit\n");

        exitCode.Should().Be(0);
        host.Out.Should().Contain("\n> . . > 3\n> ", "the first snippet waits on '. ' until its brace closes, then the next one shows its value");
    }

    [Fact]
    public async Task Repl_TwoEmptyLinesAfterAnIncompleteSnippet_RunItAndShowTheCompileError()
    {
        using var host = new HostHarness();

        var exitCode = await TypeAsync(host, "Print(1\n\n\nPrint(2);\n#exit\n");

        exitCode.Should().Be(0);
        host.Out.Should().Contain("> . . Compilation failed").And.Contain("error CS1026: ) expected").And.Contain("> 2\n");
    }

    [Fact]
    public async Task Repl_OneEmptyLineInsideAnIncompleteSnippet_IsPartOfIt()
    {
        using var host = new HostHarness();

        var exitCode = await TypeAsync(host, "int Add(int a, int b)\n{\n\n    return a + b;\n}\nAdd(2, 3)\n#exit\n");

        exitCode.Should().Be(0);
        host.Out.Should().Contain("> . . . . > 5\n");
    }

    [Fact]
    public async Task Repl_Vars_ListsTheSessionVariables()
    {
        using var host = new HostHarness();

        var exitCode = await TypeAsync(host, "var name = \"Ada\";\nvar hits = Grep(\"needle\");\n#vars\n#exit\n");

        exitCode.Should().Be(0);
        host.Out.Should().Contain("name : string = \"Ada\"").And.Contain("hits : GrepResult");
    }

    [Fact]
    public async Task Repl_Exit_EndsWithZeroAndRunsNothingAfter()
    {
        using var host = new HostHarness();

        var exitCode = await TypeAsync(host, "Print(41 + 1);\n  #exit  \nPrint(99);\n");

        exitCode.Should().Be(0);
        host.Out.Should().Contain("42\n").And.NotContain("99");
    }

    [Fact]
    public async Task Repl_EndOfInput_EndsWithZero()
    {
        using var host = new HostHarness();

        var exitCode = await TypeAsync(host, "Print(7);\n");

        exitCode.Should().Be(0);
        host.Out.Should().EndWith("> 7\n> \n");
    }

    [Fact]
    public async Task Repl_Errors_ShowWhatTheModelWouldRead()
    {
        using var host = new HostHarness();

        var exitCode = await TypeAsync(host, "var x = missing;\nthrow new InvalidOperationException(\"boom\");\nLlm(\"hi\")\n#exit\n");

        exitCode.Should().Be(0);
        host.Out.Should().Contain("(1,9): error CS0103: The name 'missing' does not exist in the current context")
            .And.Contain("System.InvalidOperationException: boom (line 1)")
            .And.Contain(ReplCommand.NoEndpointError);
    }

    [Fact]
    public async Task Repl_Help_ShowsTheApiTheModelSees()
    {
        using var host = new HostHarness();

        var exitCode = await TypeAsync(host, "#help\n#exit\n");

        exitCode.Should().Be(0);
        host.Out.Should().Contain("#vars").And.Contain("Grep(").And.Contain("Llm(").And.Contain("Partition(");
    }

    [Fact]
    public async Task Repl_Final_ShowsTheAnswer()
    {
        using var host = new HostHarness();

        var exitCode = await TypeAsync(host, "Final(\"forty-two\");\n#exit\n");

        exitCode.Should().Be(0);
        host.Out.Should().Contain("Final answer (a run would end here):\nforty-two\n");
    }

    [Fact]
    public async Task Repl_CtrlCWhileASnippetRuns_StopsItAndTheReplGoesOn()
    {
        using var host = new HostHarness();
        var cancellationToken = TestContext.Current.CancellationToken;

        var run = TypeAsync(host, "while (true) { }\nPrint(\"after\");\n#exit\n");
        while (!host.Interrupts.HasHandler)
        {
            // The REPL registers for Ctrl+C only while a snippet runs.
            await Task.Delay(10, cancellationToken);
        }

        host.Interrupts.TryInterrupt().Should().BeTrue();
        var exitCode = await run;

        exitCode.Should().Be(0);
        host.Out.Should().Contain("Stopped (Ctrl+C).").And.Contain("after\n");
        host.Interrupts.HasHandler.Should().BeFalse();
    }
}
