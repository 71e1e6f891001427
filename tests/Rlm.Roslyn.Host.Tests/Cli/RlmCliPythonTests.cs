using Rlm.Roslyn.Host.Tests.Fakes;

namespace Rlm.Roslyn.Host.Tests.Cli;

/// <summary>
/// <c>rlm ask --language python</c> over real HTTP: the root model writes ```python blocks that run in CPython on
/// WASI (python.wasm from sandbox/python/build.sh, as CI builds it), with sub-calls back through the server.
/// </summary>
public sealed class RlmCliPythonTests
{
    private const string Notes = "Shopping list.\nThe vault combination is 4512.\nCall mum.\n";

    [Fact]
    public async Task RunAsync_LanguagePython_RunsPythonBlocksAndAnswersWithFinalVar()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", Notes);
        var tracePath = host.PathOf("trace.jsonl");
        await using var server = await ScriptedOpenAIServer.StartAsync(request =>
        {
            if (request.Messages.Count == 1)
            {
                // A plain sub-call from llm_query: only the prompt, no system message.
                var prompt = request.Messages[0].Content;
                return ScriptedReply.Text(prompt.Contains("4512", StringComparison.Ordinal) ? "4512" : "not found");
            }

            return ModelReply.TurnOf(request) switch
            {
                1 => ScriptedReply.Text("Let me look.\n\n```python\nhits = [line for line in context.splitlines() if 'combination' in line]\nprint(len(hits), hits)\n```\n"),
                2 => ScriptedReply.Text("Now ask.\n\n```repl\nanswer = llm_query('Extract the number: ' + hits[0]).strip()\nanswer\n```\n"),
                _ => ScriptedReply.Text("FINAL_VAR(answer)"),
            };
        });

        var exitCode = await host.AskAsync(server, "What is the vault combination?", file, "--language", "python", "--trace", tracePath);

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        host.Out.Should().Be("4512" + Environment.NewLine);
        var roots = server.Requests.Where(r => r.Messages.Count > 1).ToList();
        roots.Should().HaveCount(3);
        roots[0].Messages[0].Content.Should().Contain("persistent Python REPL").And.Contain("llm_query(prompt)");
        roots[1].LastContentOf("user").Should().Be("1 ['The vault combination is 4512.']");
        roots[2].LastContentOf("user").Should().Be("'4512'", "the block's trailing expression is shown, with the sub-call's answer");
        server.Requests.Should().ContainSingle(r => r.Messages.Count == 1).Which.Messages[0].Content.Should().Be("Extract the number: The vault combination is 4512.");

        var events = JsonlTrace.ReadEvents(tracePath);
        events.Where(e => e.Type == "code").Should().HaveCount(2).And.OnlyContain(e => e.Json.Contains("\"language\":\"python\"", StringComparison.Ordinal));
        events.Select(e => e.Type).Should().Contain(["subcall_started", "subcall_completed", "final"]);
    }

    [Fact]
    public async Task RunAsync_LanguagePython_TimeoutRestartsTheInterpreterAndTheRunGoesOn()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", Notes);
        var tracePath = host.PathOf("trace.jsonl");
        await using var server = await ScriptedOpenAIServer.StartAsync(request => ModelReply.TurnOf(request) switch
        {
            1 => ScriptedReply.Text("```python\nx = 1\nwhile True:\n    pass\n```"),
            2 => ScriptedReply.Text("```python\nprint('x' in globals())\nfinal(len(context))\n```"),
            _ => ScriptedReply.Text("FINAL(unreachable)"),
        });

        var exitCode = await host.AskAsync(server, "How long?", file, "--language", "python", "--snippet-timeout", "1", "--trace", tracePath);

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        host.Out.Should().Be(Notes.Length + Environment.NewLine);
        server.Requests[1].LastContentOf("user").Should().StartWith("Timeout: the block ran past its 1 s limit");
        JsonlTrace.ReadTypes(tracePath).Should().Contain("session_reset");
    }

    [Fact]
    public async Task RunAsync_CSharpWithPythonFlag_PythonHelperRunsCode()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", Notes);
        await using var server = await ScriptedOpenAIServer.StartAsync(_ =>
            ScriptedReply.Text(ModelReply.WithCode("Use Python for this step.", "Python(\"n = sum(1 for l in context.splitlines() if l)\");\nFinal(Python(\"print(n * 10)\").Trim());")));

        var exitCode = await host.AskAsync(server, "Lines times ten?", file, "--python");

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        host.Out.Should().Be("30" + Environment.NewLine);
    }

    [Fact]
    public async Task RunAsync_UnknownLanguage_IsAUsageError()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", Notes);
        await using var server = await ScriptedOpenAIServer.StartAsync(_ => ScriptedReply.Text("FINAL(x)"));

        var exitCode = await host.AskAsync(server, "Q?", file, "--language", "cobol");

        exitCode.Should().Be(2);
        host.Error.Should().Contain("--language: 'cobol' is not a language");
        server.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_MissingPythonWasm_IsAUsageErrorNamingTheFile()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", Notes);
        await using var server = await ScriptedOpenAIServer.StartAsync(_ => ScriptedReply.Text("FINAL(x)"));

        var exitCode = await host.AskAsync(server, "Q?", file, "--language", "python", "--python-wasm", host.PathOf("nope.wasm"));

        exitCode.Should().Be(2);
        host.Error.Should().Contain("nope.wasm");
    }
}
