using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Rlm.Roslyn.Host.Tests.Fakes;

namespace Rlm.Roslyn.Host.Tests.Cli;

/// <summary>
/// The headline end-to-end run: <c>rlm ask</c> over a multi-megabyte file, a scripted root model on a real HTTP
/// server, and replies that depend on what the code really printed.
/// </summary>
public sealed partial class RlmCliNeedleTests
{
    private const string Needle = "48213-77";
    private const string Question = "What is the vault combination?";

    [Fact]
    public async Task RunAsync_MultiMegabyteFileWithPlantedNeedle_AnswersTheNeedleAndTracesEveryTurn()
    {
        using var host = new HostHarness();
        var haystack = Haystack.Build(6 * 1024 * 1024, seed: 1729, $"Note for the night shift: the vault combination is {Needle} until Friday.", needleLineNumber: 61_803);
        var file = host.WriteFile("haystack.txt", haystack);
        var tracePath = host.PathOf("run.jsonl");
        var problems = new ConcurrentQueue<string>();
        await using var server = await ScriptedOpenAIServer.StartAsync(request => Respond(request, haystack, problems));

        var exitCode = await host.RunAsync(
            "ask", Question, file, "--endpoint", server.BaseUrl.ToString(), "--api-key", "k", "--model", "root-model", "--trace", tracePath);

        problems.Should().BeEmpty();
        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        host.Out.Should().Be(Needle + Environment.NewLine);
        host.Error.Should().BeEmpty();
        server.Requests.Should().HaveCount(3);
        server.Requests.Should().OnlyContain(r => r.Model == "root-model");

        var types = JsonlTrace.ReadTypes(tracePath);
        types[0].Should().Be("run_started");
        types[^1].Should().Be("final");
        types.Should().Contain(["turn", "code", "output", "usage"]);
        types.Count(t => t == "turn").Should().Be(server.Requests.Count);
        types.Count(t => t == "code").Should().Be(3);
        types.Count(t => t == "output").Should().Be(3);
    }

    /// <summary>
    /// The root model: each turn's reply is built from the previous turn's feedback, so the run reaches the answer
    /// only if the snippets really ran over the file. What does not match is recorded in <paramref name="problems"/>.
    /// </summary>
    private static ScriptedReply Respond(ChatRequestRecord request, string haystack, ConcurrentQueue<string> problems)
    {
        var feedback = request.LastContentOf("user") ?? "";
        switch (ModelReply.TurnOf(request))
        {
            case 1:
                if (!feedback.Contains(Question, StringComparison.Ordinal))
                {
                    problems.Enqueue("The first message does not hold the question: " + feedback);
                }

                return ScriptedReply.Text(ModelReply.WithCode(
                    "I cannot see the context yet, so I will measure it and read its start.",
                    """
                    Print(Context.Length);
                    Print(Documents.Count);
                    Print(Peek(0, 300));
                    """));

            case 2:
                var expected = string.Join('\n', haystack.Length.ToString(CultureInfo.InvariantCulture), "1", haystack[..300]);
                if (!feedback.StartsWith(expected, StringComparison.Ordinal))
                {
                    problems.Enqueue("Turn 1's feedback is not the context's length, document count and first 300 chars: " + feedback);
                }

                return ScriptedReply.Text(ModelReply.WithCode(
                    "It is one large document of prose. I will search it for the combination.",
                    """
                    var hits = Grep(@"vault combination is ([0-9-]+)");
                    Print(hits.Count);
                    Print(hits);
                    """));

            case 3:
                var seen = HitLine().Match(feedback);
                if (!seen.Success)
                {
                    problems.Enqueue("Turn 2's feedback shows no hit for the combination: " + feedback);
                    return ScriptedReply.Text("FINAL(no hit was shown)");
                }

                if (!feedback.StartsWith("1\n", StringComparison.Ordinal))
                {
                    problems.Enqueue("Turn 2's feedback does not start with the hit count 1: " + feedback);
                }

                return ScriptedReply.Text(ModelReply.WithCode(
                    $"One hit, on line {seen.Groups["line"].Value}. I will take the combination from that hit.",
                    $$"""
                    var hit = hits.Single(h => h.Line == {{seen.Groups["line"].Value}});
                    var combination = Regex.Match(hit.LineText, @"vault combination is ([0-9-]+)").Groups[1].Value;
                    Print(combination);
                    """,
                    "FINAL_VAR(combination)"));

            default:
                problems.Enqueue($"Unexpected turn {ModelReply.TurnOf(request)}: " + feedback);
                return ScriptedReply.Text("FINAL(unexpected turn)");
        }
    }

    /// <summary>A printed grep hit: <c>doc:line:col: text</c> holding the combination.</summary>
    [GeneratedRegex(@"^.*:(?<line>[0-9]+):(?<column>[0-9]+): .*vault combination is (?<value>[0-9-]+)", RegexOptions.Multiline)]
    private static partial Regex HitLine();
}
