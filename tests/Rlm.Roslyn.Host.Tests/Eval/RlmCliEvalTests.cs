using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Rlm.Roslyn.Host.Eval;
using Rlm.Roslyn.Host.Tests.Eval.Oracle;
using Rlm.Roslyn.Host.Tests.Fakes;

namespace Rlm.Roslyn.Host.Tests.Eval;

/// <summary><c>rlm eval</c> end to end over HTTP: the three methods, the files, the table, resuming, usage errors.</summary>
public sealed partial class RlmCliEvalTests
{
    [Fact]
    public async Task RunAsync_ThreeMethods_WritesResultsTableAndChartAndResumesWithoutRequests()
    {
        using var host = new HostHarness();
        var outDir = host.PathOf("out");
        await using var server = await ScriptedOpenAIServer.StartAsync(Respond);
        string[] args = ["eval", "niah_single_1", "--lengths", "16K", "--n", "4", "--method", "rlm,base,bm25", "--window", "1K", "--chunk-tokens", "128",
            "--out", outDir, "--endpoint", server.BaseUrl.ToString(), "--model", "root", "--sub-model", "sub", "--input-price", "1", "--output-price", "2"];

        var exitCode = await host.RunAsync(args);

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        var results = new EvalResultStore(Path.Combine(outDir, "niah_single_1.jsonl")).Read(out _);
        results.Should().HaveCount(12);
        results.Where(r => r.Method == "rlm").Should().OnlyContain(r => r.Score == 1 && r.Iterations == 1 && r.Ending == "final");
        results.Where(r => r.Method == "bm25").Should().OnlyContain(r => r.Score == 1 && r.Note!.StartsWith("bm25 kept", StringComparison.Ordinal));
        results.Where(r => r.Method == "base").Should().OnlyContain(r => r.Note!.StartsWith("context cut from", StringComparison.Ordinal) && r.PromptTokens <= 1024);
        results.Where(r => r.Method == "base").Average(r => r.Score).Should().BeLessThan(1, "needles past the window's head were cut away");
        results.Should().OnlyContain(r => r.Cost > 0 && r.InputTokens > 0);
        host.Out.Should().Contain("| method | length | tasks | score |").And.Contain("| rlm | 16K | 4 | 100.0% |").And.Contain("| bm25 | 16K | 4 | 100.0% |");
        host.Error.Should().Contain("[1/12] niah_single_1 16K #0 rlm: score 1.00").And.Contain("12 answered, 0 already done, 0 failed");
        File.ReadAllText(Path.Combine(outDir, "niah_single_1.svg")).Should().StartWith("<svg").And.Contain("data-method=\"base\"");
        File.ReadAllText(Path.Combine(outDir, "niah_single_1.md")).Should().Contain("| base | 16K | 4 |");

        var requests = server.Requests.Count;
        using var again = new HostHarness();
        (await again.RunAsync(args)).Should().Be(0);
        server.Requests.Should().HaveCount(requests, "every task was already in the results file");
        again.Error.Should().Contain("0 answered, 12 already done");
        again.Out.Should().Contain("| rlm | 16K | 4 | 100.0% |");
    }

    [Fact]
    public async Task RunAsync_RlmPython_RunsPythonBlocksAndRecordsTheMethodWithItsSubModel()
    {
        using var host = new HostHarness();
        var outDir = host.PathOf("out");
        await using var server = await ScriptedOpenAIServer.StartAsync(request =>
            request.Messages[0].Role == "system" && request.Messages[0].Content.Contains("persistent Python REPL", StringComparison.Ordinal)
                ? ScriptedReply.Text(PythonNeedleFinder)
                : Respond(request));

        var exitCode = await host.RunAsync(
            "eval", "niah_single_1", "--lengths", "8K", "--n", "2", "--method", "rlm-python,rlm", "--out", outDir,
            "--endpoint", server.BaseUrl.ToString(), "--model", "root", "--sub-model", "sub");

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        var results = new EvalResultStore(Path.Combine(outDir, "niah_single_1.jsonl")).Read(out _);
        results.Where(r => r.Method == "rlm-python").Should().HaveCount(2).And.OnlyContain(r => r.Score == 1 && r.Ending == "final" && r.SubModel == "sub");
        results.Where(r => r.Method == "rlm").Should().HaveCount(2).And.OnlyContain(r => r.Score == 1);
        host.Out.Should().Contain("| rlm-python | 8K | 2 | 100.0% |");
        server.Requests.Should().Contain(r => r.Messages[0].Content.Contains("persistent Python REPL", StringComparison.Ordinal), "the rlm-python runs got the Python system prompt");
    }

    [Theory]
    [InlineData("Unknown", "rlm eval needs one task")]
    [InlineData("niah_single_1 --python-wasm python.wasm", "--python-wasm is for --method rlm-python")]
    [InlineData("niah_single_1 --method rlm-python --python-wasm /no/such/python.wasm", "does not exist")]
    [InlineData("niah_single_1 --lengths 8X", "--lengths: '8X'")]
    [InlineData("niah_single_1 --method magic", "--method: 'magic'")]
    [InlineData("niah_single_1 --window 100", "--window: '100'")]
    [InlineData("niah_single_2", "--prose FILE")]
    [InlineData("niah_single_3 --prose /no/such/file.txt", "--prose: the file")]
    [InlineData("codeqa", "--code DIR")]
    [InlineData("niah_single_1", "No endpoint or API key")]
    public async Task RunAsync_BadInput_ExitsTwoWithOneClearLine(string arguments, string message)
    {
        using var host = new HostHarness();

        var exitCode = await host.RunAsync(["eval", .. arguments.Split(' ')]);

        exitCode.Should().Be(2);
        host.Error.Should().Contain(message);
    }

    [Theory]
    [InlineData("--html out.html")]
    [InlineData("--language python")]
    public async Task RunAsync_AskOnlyOption_IsRefusedNotIgnored(string option)
    {
        using var host = new HostHarness();

        var exitCode = await host.RunAsync(["eval", "niah_single_1", .. option.Split(' ')]);

        exitCode.Should().Be(2);
        host.Error.Should().Contain(option.Split(' ')[0]);
    }

    [Fact]
    public void Parse_BudgetRetryAndCacheFlags_ReachTheEngineAndTheClients()
    {
        using var host = new HostHarness();
        string[] args = ["niah_single_1", "--endpoint", "http://127.0.0.1:9/v1", "--api-key", "k", "--max-sub-calls", "7", "--max-time", "60", "--retries", "0", "--call-timeout", "12", "--no-cache"];

        var settings = EvalSettings.Parse(args, host.HostConsole);

        settings.Engine.Budget.MaxSubCalls.Should().Be(7);
        settings.Engine.Budget.MaxWallClock.Should().Be(TimeSpan.FromSeconds(60));
        settings.Engine.CacheSubCalls.Should().BeFalse();
        settings.Retry.MaxRetries.Should().Be(0);
        settings.Retry.AttemptTimeout.Should().Be(TimeSpan.FromSeconds(12));
    }

    [Fact]
    public async Task RunAsync_Help_ListsTasksAndMethods()
    {
        using var host = new HostHarness();

        (await host.RunAsync("eval", "--help")).Should().Be(0);

        host.Out.Should().Contain("oolong_pairs").And.Contain("--method LIST").And.Contain("--window TOKENS").And.Contain("--no-progress, --quiet");
    }

    /// <summary>A Python root's one reply: find the key in the question, its number in the context, and finish.</summary>
    private const string PythonNeedleFinder = """
        ```python
        import re
        key = re.search(r'special magic number for ([a-z]+-[a-z]+) mentioned', query).group(1)
        text = context if isinstance(context, str) else '\n'.join(context)
        found = re.search(re.escape(key) + r' is: (\d+)', text)
        final(found.group(1) if found else 'not found')
        ```
        """;

    /// <summary>Root requests (a system prompt first) get the oracle's code; single calls get a reader that finds the needle only if it was sent.</summary>
    private static ScriptedReply Respond(ChatRequestRecord request)
    {
        if (request.Messages[0].Role == "system")
        {
            var messages = request.Messages.Select(m => new ChatMessage(new ChatRole(m.Role), m.Content)).ToList();
            return ScriptedReply.Text(OracleRoot.Reply(messages));
        }

        var prompt = request.Messages[^1].Content;
        var key = Regex.Match(prompt, @"special magic number for ([a-z]+-[a-z]+) mentioned").Groups[1].Value;
        var found = Regex.Match(prompt, $@"{key} is: (\d+)");
        return ScriptedReply.Text(found.Success ? $"The number is {found.Groups[1].Value}." : "I cannot find it.");
    }
}
