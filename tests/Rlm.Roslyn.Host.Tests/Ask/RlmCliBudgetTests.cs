using System.Text.Json;
using Rlm.Roslyn.Host.Tests.Fakes;

namespace Rlm.Roslyn.Host.Tests.Ask;

/// <summary>Budget, price and cache flags of rlm ask, over HTTP.</summary>
public sealed class RlmCliBudgetTests
{
    [Fact]
    public async Task RunAsync_SubCallBudgetRunsOut_ExitsThreeWithThePartialAnswerAndTheReason()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "nothing\n");
        await using var server = await ScriptedOpenAIServer.StartAsync(request => request.Model == "sub-m"
            ? ScriptedReply.Text("ok " + request.LastContentOf("user"))
            : ScriptedReply.Text(ModelReply.WithCode("Fan out.", "Print(string.Join(\"|\", LlmMany(new[] { \"a\", \"b\", \"c\", \"d\" })));")));

        var exitCode = await host.AskAsync(server, "q", file, "--sub-model", "sub-m", "--max-sub-calls", "2", "--max-concurrency", "1");

        exitCode.Should().Be(3);
        host.Out.Should().Be("ok a|ok b|Error: budget exhausted: the sub-call budget of 2 calls is used up|Error: budget exhausted: the sub-call budget of 2 calls is used up" + Environment.NewLine);
        host.Error.Should().Contain("rlm: partial answer: Budget exhausted: the sub-call budget of 2 calls is used up");
        server.Requests.Count(r => r.Model == "sub-m").Should().Be(2);
    }

    [Fact]
    public async Task RunAsync_PricesFile_TraceReportsCostPerModelThatAddsUp()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "nothing\n");
        var prices = host.WriteFile("prices.json", """{ "root-model": { "input": 2, "output": 8 }, "sub-m": { "input": 0.5, "output": 1.5 } }""");
        var trace = host.PathOf("trace.jsonl");
        await using var server = await ScriptedOpenAIServer.StartAsync(request => request.Model == "sub-m"
            ? ScriptedReply.Text("sub says hi")
            : ScriptedReply.Text(ModelReply.WithCode("Ask.", "Final(Llm(\"hello there\"));")));

        var exitCode = await host.AskAsync(server, "q", file, "--sub-model", "sub-m", "--prices", prices, "--max-cost", "5", "--trace", trace);

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        using var final = JsonDocument.Parse(JsonlTrace.ReadEvents(trace)[^1].Json);
        var result = final.RootElement.GetProperty("result");
        var byModel = result.GetProperty("usageByModel");
        var rootCost = byModel.GetProperty("root-model").GetProperty("costUsd").GetDecimal();
        var subCost = byModel.GetProperty("sub-m").GetProperty("costUsd").GetDecimal();
        var subUsage = byModel.GetProperty("sub-m");
        subCost.Should().Be(((subUsage.GetProperty("inputTokens").GetInt64() * 0.5m) + (subUsage.GetProperty("outputTokens").GetInt64() * 1.5m)) / 1_000_000m);
        rootCost.Should().BePositive();
        result.GetProperty("usage").GetProperty("costUsd").GetDecimal().Should().Be(rootCost + subCost);
    }

    [Fact]
    public async Task RunAsync_CacheFolder_SecondRunAsksOnlyTheRoot()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "nothing\n");
        var cache = host.PathOf("cache");
        ScriptedReply Respond(ChatRequestRecord request) => request.Model == "sub-m"
            ? ScriptedReply.Text("answer to " + request.LastContentOf("user"))
            : ScriptedReply.Text(ModelReply.WithCode("Ask.", "Final(string.Join(\",\", LlmMany(new[] { \"x\", \"y\" })));"));

        await using var first = await ScriptedOpenAIServer.StartAsync(Respond);
        var firstExit = await host.AskAsync(first, "q", file, "--sub-model", "sub-m", "--cache", cache);
        await using var second = await ScriptedOpenAIServer.StartAsync(Respond);
        var secondExit = await host.AskAsync(second, "q", file, "--sub-model", "sub-m", "--cache", cache);

        firstExit.Should().Be(0, "stderr was: {0}", host.Error);
        secondExit.Should().Be(0, "stderr was: {0}", host.Error);
        host.Out.Should().Be("answer to x,answer to y" + Environment.NewLine + "answer to x,answer to y" + Environment.NewLine);
        first.Requests.Select(r => r.Model).Should().BeEquivalentTo(["root-model", "sub-m", "sub-m"]);
        second.Requests.Select(r => r.Model).Should().Equal("root-model");
        Directory.GetFiles(cache, "*.json", SearchOption.AllDirectories).Should().HaveCount(2);
    }

    [Theory]
    [InlineData(new[] { "--max-cost", "1" }, "--max-cost needs a price for 'root-model' and 'sub-m'")]
    [InlineData(new[] { "--max-cost", "1", "--price", "root-model=1,2" }, "--max-cost needs a price for 'sub-m'")]
    [InlineData(new[] { "--max-cost", "-3" }, "--max-cost must be an amount of US dollars above 0")]
    [InlineData(new[] { "--price", "gpt=cheap" }, "--price must be MODEL=INPUT,OUTPUT")]
    [InlineData(new[] { "--max-sub-calls", "lots" }, "--max-sub-calls must be a whole number of at least 0")]
    [InlineData(new[] { "--max-tokens", "0" }, "--max-tokens must be a whole number of at least 1")]
    [InlineData(new[] { "--retries", "99" }, "--retries must be a whole number from 0 to 20")]
    [InlineData(new[] { "--cache", "c", "--no-cache" }, "--cache and --no-cache contradict each other")]
    public async Task RunAsync_BadLimitOption_ExitsTwoSayingWhatToFix(string[] options, string message)
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "nothing\n");

        var exitCode = await host.RunAsync(["ask", "q", file, "--endpoint", "http://127.0.0.1:9/v1", "--model", "root-model", "--sub-model", "sub-m", .. options]);

        exitCode.Should().Be(2);
        host.Error.Should().Contain(message);
    }

    [Fact]
    public async Task RunAsync_PricesFileNotJson_ExitsTwo()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "nothing\n");
        var prices = host.WriteFile("prices.json", "{ \"gpt-5\": { \"input\": 1.25 } }");

        var exitCode = await host.RunAsync("ask", "q", file, "--endpoint", "http://127.0.0.1:9/v1", "--prices", prices);

        exitCode.Should().Be(2);
        host.Error.Should().Contain("'gpt-5' in '").And.Contain("needs \"input\" and \"output\"");
    }
}
