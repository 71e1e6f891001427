using Rlm.Roslyn.Host.Tests.Fakes;

namespace Rlm.Roslyn.Host.Tests.Cli;

/// <summary>What the root model is told after its code ran, as it arrives over HTTP.</summary>
public sealed class RlmCliFeedbackTests
{
    [Fact]
    public async Task RunAsync_SnippetFailsAtRuntime_ModelSeesTheExceptionAndTheSessionKeepsEarlierVariables()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "short\n");
        await using var server = await ScriptedOpenAIServer.StartAsync(request => ScriptedReply.Text(ModelReply.TurnOf(request) switch
        {
            1 => ModelReply.WithCode("Read past the end.", "var kept = 7;\nPrint(Documents[5].Name);"),
            2 => ModelReply.WithCode("That failed; try again.", "Print(\"kept=\" + kept); Print(Documents.Count);"),
            _ => (request.LastContentOf("user") ?? "") == "kept=7\n1" ? "FINAL(recovered)" : "FINAL(unexpected: " + request.LastContentOf("user") + ")",
        }));

        var exitCode = await host.AskAsync(server, "q", file);

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        host.Out.Should().Be("recovered" + Environment.NewLine);
        server.Requests[1].LastContentOf("user").Should().Contain("ArgumentOutOfRangeException");
    }

    [Fact]
    public async Task RunAsync_SnippetDoesNotCompile_ModelSeesTheDiagnostic()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "short\n");
        await using var server = await ScriptedOpenAIServer.StartAsync(
            ModelReply.WithCode("Oops.", "int x = \"text\";"),
            "FINAL(done)");

        var exitCode = await host.AskAsync(server, "q", file);

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        server.Requests[1].LastContentOf("user").Should().StartWith("Compilation failed").And.Contain("CS0029");
    }

    [Fact]
    public async Task RunAsync_SnippetWritesToConsole_OutputGoesToTheModelAndNotToStandardOutput()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "short\n");
        await using var server = await ScriptedOpenAIServer.StartAsync(
            ModelReply.WithCode("Talk.", "Console.WriteLine(\"to the console\");\nConsole.Error.WriteLine(\"to the error stream\");"),
            "FINAL(quiet)");

        var exitCode = await host.AskAsync(server, "q", file);

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        host.Out.Should().Be("quiet" + Environment.NewLine);
        host.Error.Should().BeEmpty();
        server.Requests[1].LastContentOf("user").Should().Contain("to the console").And.Contain("to the error stream");
    }

    [Fact]
    public async Task RunAsync_SnippetRunsPastTheSnippetTimeout_ModelIsToldAndTheRunGoesOn()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "short\n");
        await using var server = await ScriptedOpenAIServer.StartAsync(request => ScriptedReply.Text(ModelReply.TurnOf(request) switch
        {
            1 => ModelReply.WithCode("Spin.", "var spins = 0L;\nwhile (true) { spins++; }"),
            _ => (request.LastContentOf("user") ?? "").Contains("Timeout:", StringComparison.Ordinal) ? "FINAL(stopped)" : "FINAL(no timeout reported)",
        }));

        var exitCode = await host.AskAsync(server, "q", file, "--snippet-timeout", "0.5");

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        host.Out.Should().Be("stopped" + Environment.NewLine);
    }

    [Fact]
    public async Task RunAsync_FinalWithACollection_PrintsOneItemPerLine()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "short\n");
        await using var server = await ScriptedOpenAIServer.StartAsync(ModelReply.WithCode("Two answers.", "Final(new[] { \"first\", \"second\" });"));

        var exitCode = await host.AskAsync(server, "q", file);

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        host.Out.Should().Be("first\nsecond" + Environment.NewLine);
    }

    /// <summary>
    /// BUG (engine): Print(hits) does not print what GrepResult documents ("one hit per line, then how many matches were
    /// left out"). Print formats engine types through CSharpObjectFormatter, which wraps the ToString() text in
    /// "[...]" and cuts it at PrintOptions.MaximumOutputLength = 4,000 chars with a bare "..." (ScriptSession.s_printOptions),
    /// far below the 20,000 chars of feedback the system prompt promises. Here 200 short hits (~13,000 chars) come back
    /// as a leading "[" and the first ~56 hits; the rest, and any "more matches not shown" trailer, are lost.
    /// </summary>
    [Fact]
    public async Task RunAsync_PrintGrepResultWithTwoHundredHits_ModelSeesEveryHitOnePerLine()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("many.txt", string.Concat(Enumerable.Range(1, 200).Select(i => $"line {i} has a needle\n")));
        await using var server = await ScriptedOpenAIServer.StartAsync(
            ModelReply.WithCode("List the needles.", "var hits = Grep(\"needle\");\nPrint(hits);"),
            "FINAL(done)");

        var exitCode = await host.AskAsync(server, "Where are the needles?", file);

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        var expected = string.Join('\n', Enumerable.Range(1, 200).Select(i => $"{file}:{i}:{$"line {i} has a ".Length + 1}: line {i} has a needle"));
        server.Requests[1].LastContentOf("user").Should().Be(expected);
    }

    /// <summary>
    /// BUG (engine), same cause: any value Print formats (arrays, lists: LlmMany's answers) is cut at 4,000 chars, head
    /// only, although the system prompt tells the model that output per turn is cut to about 20,000 chars, head and tail kept.
    /// </summary>
    [Fact]
    public async Task RunAsync_PrintArrayOfTenThousandChars_ModelSeesItsLastItem()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "short\n");
        await using var server = await ScriptedOpenAIServer.StartAsync(
            ModelReply.WithCode("Many answers.", "var answers = Enumerable.Range(1, 100).Select(i => $\"answer {i}: \" + new string('x', 90)).ToArray();\nPrint(answers);"),
            "FINAL(done)");

        var exitCode = await host.AskAsync(server, "q", file);

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        server.Requests[1].LastContentOf("user").Should().Contain("answer 100: " + new string('x', 90));
    }
}
