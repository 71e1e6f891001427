using Microsoft.Extensions.AI;
using Rlm.Roslyn.Tests.Fakes;

namespace Rlm.Roslyn.Tests.Worker;

/// <summary>
/// Whole runs with <see cref="SnippetIsolation.Process"/> over a scripted model: the model reads the same feedback as in
/// process, and the snippets' sub-calls are the parent's (the scripted client sees them, usage is counted, the bound holds).
/// </summary>
public sealed class WorkerRunTests
{
    private static readonly RlmContext Haystack = RlmContext.FromString(
        string.Concat(Enumerable.Range(0, 2000).Select(i => i == 1234 ? "the secret code is 7311\n" : $"line {i} says nothing\n")), "haystack.txt");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_OrdinaryBlocks_ModelReadsTheSameAsInProcess()
    {
        string[] replies =
        [
            Code.Reply("var hit = Grep(\"secret code is (\\\\d+)\").First();\nPrint(hit.Line);\nConsole.WriteLine(Documents[0].Name);"),
            Code.Reply("var code = Regex.Match(hit.LineText, @\"\\d+\").Value;\ncode.Length"),
            Code.Reply("var n = Context.Lenght;"),
            Code.Reply("Print(\"start\");\nvar parts = \"a\".Split(',');\nvar b = parts[3];"),
            Code.Reply("var answer = $\"{code} at {hit.Line} ({Depth}, {Query})\";\nShowVars().Contains(\"answer\")"),
            "FINAL_VAR(answer)",
        ];

        var (inProcess, inProcessRoot) = await RunAsync(SnippetIsolation.InProcess, replies);
        var (worker, workerRoot) = await RunAsync(SnippetIsolation.Process, replies);

        worker.Answer.Should().Be("7311 at 1235 (0, What is the code?)").And.Be(inProcess.Answer);
        worker.Ending.Should().Be(RlmEnding.Final);
        var feedback = Enumerable.Range(1, replies.Length - 1).Select(workerRoot.LastUserText).ToList();
        feedback.Should().Equal(Enumerable.Range(1, replies.Length - 1).Select(inProcessRoot.LastUserText));
        feedback[0].Should().Be("1235\nhaystack.txt");
        feedback[1].Should().Be("4");
        feedback[2].Should().Contain("(1,17): error CS1061");
        feedback[3].Should().Be("start\nSystem.IndexOutOfRangeException: Index was outside the bounds of the array. (line 3)");
        feedback[4].Should().Be("true");
    }

    [Fact]
    public async Task RunAsync_FinalInCode_EndsTheRunWithTheWorkersAnswer()
    {
        var (result, _) = await RunAsync(SnippetIsolation.Process, [Code.Reply("var xs = new[] { \"first\", \"second\" };\nFinal(xs);")]);

        result.Answer.Should().Be("first\nsecond");
        result.Iterations.Should().Be(1);
    }

    [Fact]
    public async Task RunAsync_SubCallsFromTheWorker_AreServedByTheParentConcurrentlyUnderTheBound()
    {
        var probe = new ConcurrencyProbe();
        var sub = new ScriptedChatClient((m, _, ct) => probe.RunAsync(async () =>
        {
            if (Prompts.IsRlmTurn(m))
            {
                return "FINAL(child saw " + Prompts.Question(m) + ")";
            }

            await Task.Delay(150, ct);
            return "A:" + m[^1].Text;
        }));
        var root = new ScriptedChatClient(Code.Reply(
            "var one = Llm(\"ping\");\n" +
            "var many = LlmMany(Enumerable.Range(0, 12).Select(i => $\"p{i}\"));\n" +
            "var child = Recurse(\"child q\", \"child context\");\n" +
            "var sum = Summarize(\"some text\", \"focus\").StartsWith(\"A:\");\n" +
            "Final(one + \"|\" + string.Join(\",\", many) + \"|\" + child + \"|\" + sum);"));
        var options = new RlmOptions { Isolation = SnippetIsolation.Process, MaxConcurrency = 4 };

        var result = await new RlmEngine(root, sub, options).RunAsync("q", Haystack, Ct);

        result.Answer.Should().Be("A:ping|" + string.Join(",", Enumerable.Range(0, 12).Select(i => "A:p" + i)) + "|child saw child q|True");
        probe.Max.Should().Be(4, "twelve slow calls of one LlmMany cross the pipe at once, up to the bound");
        sub.Requests.Should().HaveCount(15);
        result.UsageByDepth[1].Calls.Should().Be(15);
    }

    [Fact]
    public async Task RunAsync_PythonNotConfigured_SnippetSeesTheParentsError()
    {
        var (result, root) = await RunAsync(SnippetIsolation.Process, [Code.Reply("Python(\"print(1)\")"), "FINAL(done)"]);

        result.Answer.Should().Be("done");
        root.LastUserText(1).Should().Contain("InvalidOperationException").And.Contain("Python is not configured for this run");
    }

    private static async Task<(RlmResult Result, ScriptedChatClient Root)> RunAsync(SnippetIsolation isolation, string[] replies)
    {
        var root = new ScriptedChatClient(replies);
        var result = await new RlmEngine(root, options: new RlmOptions { Isolation = isolation }).RunAsync("What is the code?", Haystack, Ct);
        return (result, root);
    }
}
