using System.Text;
using System.Text.Json;
using Rlm.Roslyn.Host.Tests.Fakes;

namespace Rlm.Roslyn.Host.Tests.Repl;

/// <summary>
/// <c>rlm repl --language python</c>: blocks run in the same CPython-on-WASI session a Python run's model gets (python.wasm
/// from sandbox/python/build.sh, as CI builds it), piped or at a terminal.
/// </summary>
public sealed class RlmCliReplPythonTests
{
    private const string Notes = "alpha line\nbeta line with the needle\ngamma line\n";

    private static async Task<(int ExitCode, IReadOnlyList<JsonElement> Reports)> PipeAsync(HostHarness host, string blocks, params string[] options)
    {
        host.StandardInput = Encoding.UTF8.GetBytes(blocks);
        var file = host.WriteFile("notes.txt", Notes);
        var exitCode = await host.RunAsync(["repl", file, "--language", "python", .. options]);
        return (exitCode, ReplJsonLines.Parse(host.Out));
    }

    [Fact]
    public async Task Repl_PythonPiped_BlocksShareOneSessionAndShowValuesAndFinal()
    {
        using var host = new HostHarness();

        var (exitCode, reports) = await PipeAsync(
            host,
            "hits = [l for l in context.splitlines() if 'needle' in l]\ndef twice(v):\n    return v * 2\n---\nprint(twice(len(hits)))\n---\nhits[0].upper()\n---\nfinal(len(context))\n");

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        reports.Should().HaveCount(4).And.OnlyContain(r => r.Text("status") == "ok");
        reports[1].Text("output").Should().Be("2\n");
        reports[2].Text("value").Should().Be("'BETA LINE WITH THE NEEDLE'");
        reports[3].Text("final").Should().Be(Notes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Repl_PythonSyntaxAndRuntimeErrors_AreRejectedAndErrorAndTheSessionGoesOn()
    {
        using var host = new HostHarness();

        var (exitCode, reports) = await PipeAsync(host, "x = 1\n---\ny = 2\nif x\n    pass\n---\n1 / 0\n---\nx + 1\n");

        exitCode.Should().Be(1);
        reports[1].Text("status").Should().Be("rejected");
        var diagnostic = reports[1].GetProperty("diagnostics").EnumerateArray().Should().ContainSingle().Subject;
        diagnostic.Text("id").Should().Be("SyntaxError");
        diagnostic.GetProperty("line").GetInt32().Should().Be(2);
        reports[2].Text("status").Should().Be("error");
        reports[2].Text("error").Should().Contain("ZeroDivisionError");
        reports[3].Text("value").Should().Be("2", "variables outlive the blocks that failed");
    }

    [Fact]
    public async Task Repl_PythonSubCallWithoutEndpoint_ReturnsTheNoEndpointError()
    {
        using var host = new HostHarness();

        var (_, reports) = await PipeAsync(host, "print(llm_query('hi'))\nprint(llm_query_batched(['a', 'b'])[1])\n");

        reports.Should().ContainSingle().Which.Text("output").Should().Be(ReplCommand.NoEndpointError + "\n" + ReplCommand.NoEndpointError + "\n");
    }

    [Fact]
    public async Task Repl_PythonSubCallWithEndpoint_AsksTheSubModelOverHttp()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync("the sub-model's reply");
        using var host = new HostHarness();

        var (exitCode, reports) = await PipeAsync(
            host, "answer = llm_query('What is in ' + query + '?')\n---\nanswer\n",
            "--query", "the notes", "--endpoint", server.BaseUrl.ToString(), "--model", "root-model", "--sub-model", "small-model");

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        reports[1].Text("value").Should().Be("\"the sub-model's reply\"", "repr quotes a str holding ' with \"");
        var request = server.Requests.Should().ContainSingle().Subject;
        request.Model.Should().Be("small-model");
        request.LastContentOf("user").Should().Be("What is in the notes?");
    }

    [Fact]
    public async Task Repl_PythonAtATerminal_RunsStatementsAtOnceAndBlocksAfterAnEmptyLine()
    {
        using var host = new HostHarness { TerminalInput = "x = 3\nfor i in range(2):\n    print(i * x)\n\n#vars\n#exit\n" };
        var file = host.WriteFile("notes.txt", Notes);

        var exitCode = await host.RunAsync("repl", file, "--language", "python");

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        host.Out.Should().Contain("Python 3.11").And.Contain("llm_query");
        host.Out.Should().Contain("> > . . 0\n3\n> ", "the statement ran at once; the loop waited for its empty line");
        host.Out.Should().Contain("x: int = 3").And.Contain("i: int = 1").And.NotContain("_rlm_describe");
    }

    [Fact]
    public async Task Repl_CSharpWithPythonFlag_SnippetsCallPythonWhoseVariablesPersist()
    {
        using var host = new HostHarness { StandardInput = Encoding.UTF8.GetBytes("Python(\"n = len(context.splitlines())\");\n---\nPython(\"print(n * 10)\").Trim()\n") };
        var file = host.WriteFile("notes.txt", Notes);

        var exitCode = await host.RunAsync("repl", file, "--python");

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        ReplJsonLines.Parse(host.Out)[1].Text("value").Should().Be("30");
    }

    [Fact]
    public async Task Repl_CSharpWithoutPythonFlag_PythonIsAClearError()
    {
        using var host = new HostHarness { StandardInput = Encoding.UTF8.GetBytes("Python(\"print(1)\")\n") };
        var file = host.WriteFile("notes.txt", Notes);

        var exitCode = await host.RunAsync("repl", file);

        exitCode.Should().Be(1);
        var report = ReplJsonLines.Parse(host.Out).Should().ContainSingle().Subject;
        report.Text("status").Should().Be("error");
        report.Text("error").Should().Contain("--python");
    }

    [Fact]
    public async Task Repl_PythonWasmMissing_IsAUsageError()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", Notes);

        var exitCode = await host.RunAsync("repl", file, "--language", "python", "--python-wasm", host.PathOf("missing.wasm"));

        exitCode.Should().Be(2);
        host.Error.Should().Contain("--python-wasm").And.Contain("does not exist");
    }
}
