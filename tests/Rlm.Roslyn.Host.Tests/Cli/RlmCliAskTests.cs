using System.Text;
using System.Text.RegularExpressions;
using Rlm.Roslyn.Host.Tests.Fakes;

namespace Rlm.Roslyn.Host.Tests.Cli;

/// <summary>
/// <c>rlm ask</c> end to end over HTTP: contexts from standard input and folders, the sub-model, configuration from
/// the environment, --verbose and the iteration cap. Replies that depend on feedback are built from it, so a run
/// only reaches its answer when the code really ran.
/// </summary>
public sealed partial class RlmCliAskTests
{
    [Fact]
    public async Task RunAsync_StandardInputDash_AnswersOverThePipedText()
    {
        using var host = new HostHarness { StandardInput = Encoding.UTF8.GetBytes("alpha line\nthe password is swordfish\nomega line\n") };
        await using var server = await ScriptedOpenAIServer.StartAsync(request => ModelReply.TurnOf(request) switch
        {
            1 => ScriptedReply.Text(ModelReply.WithCode(
                "Let me find the password.",
                """
                Print(Documents[0].Name);
                var word = Regex.Match(Grep(@"password is \w+")[0].LineText, @"password is (\w+)").Groups[1].Value;
                Print("word=" + word);
                """)),
            _ => ScriptedReply.Text(WordLine().Match(request.LastContentOf("user") ?? "") is { Success: true } seen
                && (request.LastContentOf("user") ?? "").StartsWith("stdin\n", StringComparison.Ordinal)
                ? $"FINAL({seen.Groups[1].Value})"
                : "FINAL(feedback did not show the document name and the word)"),
        });

        var exitCode = await host.AskAsync(server, "What is the password?", "-");

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        host.Out.Should().Be("swordfish" + Environment.NewLine);
        host.Error.Should().BeEmpty();
        host.StandardInputOpens.Should().BeGreaterThanOrEqualTo(1);
        server.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task RunAsync_FolderWithSeveralFiles_ModelSeesEveryDocument()
    {
        using var host = new HostHarness();
        host.WriteFile("docs/a.md", "Alpha team meets on Monday.\n");
        host.WriteFile("docs/b.md", "Beta team meets on Tuesday.\n");
        host.WriteFile("docs/sub/c.txt", "Gamma team meets on Friday.\n");
        await using var server = await ScriptedOpenAIServer.StartAsync(request => ModelReply.TurnOf(request) switch
        {
            1 => ScriptedReply.Text(ModelReply.WithCode(
                "How many documents are there?",
                """
                Print(Documents.Count);
                foreach (var d in Documents) Print(d.Name);
                Print(Grep("meets on Friday"));
                """)),
            _ => ScriptedReply.Text(DescribeFolderFeedback(request.LastContentOf("user") ?? "")),
        });

        var exitCode = await host.AskAsync(server, "Which team meets on Friday?", host.PathOf("docs"));

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        host.Out.Should().Be("3 documents: a.md, b.md, c.txt; Friday is in c.txt line 1" + Environment.NewLine);
        host.Error.Should().BeEmpty();
        server.Requests[0].Messages[1].Content.Should().Contain("in 3 document(s)");
    }

    [Fact]
    public async Task RunAsync_FolderWithBinaryFile_ReportsTheSkippedFileOnStandardError()
    {
        using var host = new HostHarness();
        host.WriteFile("mixed/readme.txt", "Read me first.\n");
        host.WriteBytes("mixed/logo.bin", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0]);
        await using var server = await ScriptedOpenAIServer.StartAsync(ModelReply.WithCode("Count them.", "Final(Documents.Count + \" \" + Documents[0].Name.EndsWith(\"readme.txt\"));"));

        var exitCode = await host.AskAsync(server, "How many documents?", host.PathOf("mixed"));

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        host.Out.Should().Be("1 True" + Environment.NewLine);
        host.ErrorLines.Should().ContainSingle().Which.Should().StartWith("rlm: skipped ").And.Contain("logo.bin").And.EndWith("(binary)");
    }

    [Fact]
    public async Task RunAsync_FolderWithOnlyBinaryFiles_ExitsWithTwoBeforeAnyRequest()
    {
        using var host = new HostHarness();
        host.WriteBytes("blobs/one.bin", [1, 0, 2, 0]);
        host.WriteBytes("blobs/two.bin", [3, 0, 4, 0]);
        await using var server = await ScriptedOpenAIServer.StartAsync("FINAL(unused)");

        var exitCode = await host.AskAsync(server, "What is in there?", host.PathOf("blobs"));

        exitCode.Should().Be(2);
        host.Out.Should().BeEmpty();
        host.ErrorLines.Should().ContainSingle().Which.Should().Contain("Nothing to load").And.Contain("binary");
        server.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_SubModel_SubCallGoesToTheSubModelAndItsAnswerFlowsBack()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("geo.txt", "France is a country in Europe.\n");
        var tracePath = host.PathOf("trace.jsonl");
        await using var server = await ScriptedOpenAIServer.StartAsync(request =>
        {
            if (request.Model == "sub-m")
            {
                return ScriptedReply.Text((request.LastContentOf("user") ?? "").Contains("capital of France", StringComparison.Ordinal)
                    ? "The capital is Paris."
                    : "The sub-model did not get the prompt.");
            }

            return ModelReply.TurnOf(request) switch
            {
                1 => ScriptedReply.Text(ModelReply.WithCode(
                    "I will ask the sub-model.",
                    """
                    var sub = Llm("What is the capital of France? One sentence.");
                    Print("sub said: " + sub);
                    """)),
                _ => ScriptedReply.Text((request.LastContentOf("user") ?? "").Contains("sub said: The capital is Paris.", StringComparison.Ordinal)
                    ? "The sub-model answered.\n\nFINAL_VAR(sub)"
                    : "FINAL(the sub answer did not come back)"),
            };
        });

        var exitCode = await host.AskAsync(server, "What is the capital of France?", file, "--sub-model", "sub-m", "--trace", tracePath);

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        host.Out.Should().Be("The capital is Paris." + Environment.NewLine);
        server.Requests.Select(r => r.Model).Should().Equal("root-model", "sub-m", "root-model");
        var types = JsonlTrace.ReadTypes(tracePath);
        types.Should().ContainInOrder("run_started", "turn", "code", "subcall_started", "subcall_completed", "output", "turn", "final");
    }

    [Fact]
    public async Task RunAsync_EndpointAndModelsFromEnvironment_UsesThemWithoutOptions()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "nothing much\n");
        await using var server = await ScriptedOpenAIServer.StartAsync(request => request.Model == "env-sub"
            ? ScriptedReply.Text("sub ok")
            : ScriptedReply.Text(ModelReply.WithCode("Ask the sub-model.", "Final(Llm(\"ping\"));")));
        host.Environment["OPENAI_BASE_URL"] = server.BaseUrl.ToString();
        host.Environment["RLM_MODEL"] = "env-root";
        host.Environment["RLM_SUB_MODEL"] = "env-sub";

        var exitCode = await host.RunAsync("ask", "Ping?", file);

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        host.Out.Should().Be("sub ok" + Environment.NewLine);
        server.Requests.Select(r => r.Model).Should().Equal("env-root", "env-sub");
    }

    [Fact]
    public async Task RunAsync_NoSubModel_SubCallsUseTheRootModel()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "nothing much\n");
        await using var server = await ScriptedOpenAIServer.StartAsync(
            ModelReply.WithCode("Ask the sub-model.", "Final(Llm(\"ping\"));"),
            "pong");

        var exitCode = await host.AskAsync(server, "Ping?", file);

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        host.Out.Should().Be("pong" + Environment.NewLine);
        server.Requests.Select(r => r.Model).Should().Equal("root-model", "root-model");
    }

    [Fact]
    public async Task RunAsync_Verbose_WritesProgressToStandardErrorAndOnlyTheAnswerToStandardOutput()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "The meeting is at noon.\n");
        await using var server = await ScriptedOpenAIServer.StartAsync(
            ModelReply.WithCode("Look for the time.", "Print(Grep(\"meeting is at\").Count);"),
            "Found it.\n\nFINAL(noon)");

        var exitCode = await host.AskAsync(server, "When is the meeting?", file, "--verbose");

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        host.Out.Should().Be("noon" + Environment.NewLine);
        var progress = host.ErrorLines;
        progress[0].Should().StartWith("[0] started over 24 chars in 1 document(s): When is the meeting?");
        progress.Should().Contain(l => l.StartsWith("[0] turn 1: model replied", StringComparison.Ordinal));
        progress.Should().Contain("[0] running block 1:");
        progress.Should().Contain(l => l.StartsWith("[0] block 1: Completed in ", StringComparison.Ordinal));
        progress.Should().Contain(l => l.StartsWith("[0] turn 2: model replied", StringComparison.Ordinal));
        progress[^1].Should().StartWith("[0] finished (Final) after 2 turn(s), 2 LM call(s)");
    }

    [Fact]
    public async Task RunAsync_IterationCapReached_ExitsWithThreeAndPrintsThePartialAnswer()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("numbers.txt", "forty-two is written 42\n");
        await using var server = await ScriptedOpenAIServer.StartAsync(request => ModelReply.TurnOf(request) switch
        {
            1 => ScriptedReply.Text(ModelReply.WithCode("Start with the numbers.", "var partial = Grep(@\"[0-9]+\")[0].Match;\nPrint(\"partial=\" + partial);")),
            _ => ScriptedReply.Text(request.Messages.Any(m => m.Role == "user" && m.Content.Contains("partial=42", StringComparison.Ordinal))
                && (request.LastContentOf("user") ?? "").Contains("used all 1 turns", StringComparison.Ordinal)
                ? "I ran out of turns.\n\nFINAL(probably 42)"
                : "FINAL(the cap message or the feedback was missing)"),
        });

        var exitCode = await host.AskAsync(server, "Which number?", file, "--max-iterations", "1");

        exitCode.Should().Be(3);
        host.Out.Should().Be("probably 42" + Environment.NewLine);
        host.ErrorLines.Should().ContainSingle().Which.Should().StartWith("rlm: partial answer: ").And.Contain("iteration cap (1)");
        server.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task RunAsync_IterationCapWithCodeOnlyLastReply_PrintsTheProseNotTheCode()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("numbers.txt", "forty-two is written 42\n");
        await using var server = await ScriptedOpenAIServer.StartAsync(
            ModelReply.WithCode("Looking.", "Print(Context.Length);"),
            ModelReply.WithCode("Probably 42, but let me check once more.", "Print(Grep(\"42\"));"));

        var exitCode = await host.AskAsync(server, "Which number?", file, "--max-iterations", "1");

        exitCode.Should().Be(3);
        host.Out.Should().Be("Probably 42, but let me check once more." + Environment.NewLine);
    }

    private static string DescribeFolderFeedback(string feedback)
    {
        var lines = feedback.Split('\n');
        var count = int.Parse(lines[0], System.Globalization.CultureInfo.InvariantCulture);
        var names = lines.Skip(1).Take(count).Select(Path.GetFileName);
        var friday = FridayHit().Match(feedback);
        return friday.Success
            ? $"FINAL({count} documents: {string.Join(", ", names)}; Friday is in {friday.Groups["file"].Value} line {friday.Groups["line"].Value})"
            : "FINAL(the grep hit was not shown)";
    }

    [GeneratedRegex(@"^word=(\w+)$", RegexOptions.Multiline)]
    private static partial Regex WordLine();

    [GeneratedRegex(@"(?<file>[^/\[]+):(?<line>[0-9]+):[0-9]+: Gamma team meets on Friday\.")]
    private static partial Regex FridayHit();
}
