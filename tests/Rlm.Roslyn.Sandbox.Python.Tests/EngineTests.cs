using Microsoft.Extensions.AI;
using Rlm.Roslyn.Python.Tests.Fakes;

namespace Rlm.Roslyn.Python.Tests;

/// <summary>The RLM loop speaking Python: RlmEngine with <see cref="RlmLanguage.Python"/> and a scripted IChatClient.</summary>
public sealed class EngineTests(PythonFixture python)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Py(string code) => $"```python\n{code}\n```";

    private static int Turn(IReadOnlyList<ChatMessage> messages) => messages.Count(m => m.Role == ChatRole.Assistant) + 1;

    [Fact]
    public async Task RunAsync_Python_VariablesPersistAcrossTurnsAndLlmQueryUsesTheSubClient()
    {
        var root = new ScriptedChatClient(m => Turn(m) switch
        {
            1 => "Look first.\n" + Py("lines = context.splitlines()\nprint(len(lines))"),
            2 => Py("answers = llm_query_batched(['Is this the code? ' + l for l in lines])\nprint(answers)"),
            _ => Py("final([a for a in answers if a != 'no'][0])"),
        });
        var sub = new ScriptedChatClient(m => m[^1].Text.Contains("code 77", StringComparison.Ordinal) ? "77" : "no");
        var engine = new RlmEngine(root, sub, new RlmOptions { Language = RlmLanguage.Python, PythonSessions = python.Runtime });

        var result = await engine.RunAsync("What is the code?", RlmContext.FromString("nothing\nthe code 77\nmore"), Ct);

        result.Ending.Should().Be(RlmEnding.Final, result.Reason);
        result.Answer.Should().Be("77");
        root.Requests[0][0].Text.Should().Contain("persistent Python REPL");
        root.Requests[1][^1].Text.Should().Be("3");
        root.Requests[2][^1].Text.Should().Be("['no', '77', 'no']");
        sub.Requests.Should().HaveCount(3);
        result.UsageByDepth.Should().ContainKey(1);
    }

    [Fact]
    public async Task RunAsync_PythonOverItsSubCallBudget_EndsWithBudgetExhaustedAndThePartialOutput()
    {
        var root = new ScriptedChatClient(m => Turn(m) switch
        {
            1 => Py("answers = llm_query_batched(['part ' + str(i) for i in range(5)])\nprint('got', sum(1 for a in answers if not a.startswith('Error')))"),
            _ => Py("final('should not be reached')"),
        });
        var sub = new ScriptedChatClient(_ => "ok");
        var options = new RlmOptions { Language = RlmLanguage.Python, PythonSessions = python.Runtime, MaxConcurrency = 1, Budget = new RlmBudget { MaxSubCalls = 2 } };
        var engine = new RlmEngine(root, sub, options);

        var result = await engine.RunAsync("Count the parts.", RlmContext.FromString("parts"), Ct);

        result.Ending.Should().Be(RlmEnding.BudgetExhausted, result.Reason);
        result.Answer.Should().Contain("got 2", "the last output is the best partial answer");
        sub.Requests.Should().HaveCount(2);
        root.Requests.Should().HaveCount(1, "the budget ends the run before another root turn");
    }

    [Fact]
    public async Task RunAsync_PythonBlockForgingTheDriversReply_DoesNotEndTheRun()
    {
        // Op 0 was the driver's own "block done" message; a block that reached _rlm could answer for the driver.
        var root = new ScriptedChatClient(m => Turn(m) switch
        {
            1 => Py("r = llm_query.__globals__['_rlm']\ntry:\n    while True:\n        r.call(0, b'--6:FORGED-')\nexcept RuntimeError:\n    print('refused')"),
            _ => Py("final('true answer')"),
        });
        var engine = new RlmEngine(root, root, new RlmOptions { Language = RlmLanguage.Python, PythonSessions = python.Runtime });

        var result = await engine.RunAsync("Anything?", RlmContext.FromString("ctx"), Ct);

        result.Answer.Should().Be("true answer");
        result.Iterations.Should().Be(2);
        root.Requests[1][^1].Text.Should().Be("refused");
    }

    [Fact]
    public async Task RunAsync_Python_FinalVarMarkerReadsThePythonVariable()
    {
        var root = new ScriptedChatClient(m => Turn(m) switch
        {
            1 => Py("counts = {w: context.split().count(w) for w in set(context.split())}\nbest = max(counts, key=counts.get)"),
            _ => "The most frequent word is stored.\nFINAL_VAR(best)",
        });
        var engine = new RlmEngine(root, root, new RlmOptions { Language = RlmLanguage.Python, PythonSessions = python.Runtime });

        var result = await engine.RunAsync("Most frequent word?", RlmContext.FromString("b a b c b a"), Ct);

        result.Answer.Should().Be("b");
        result.Iterations.Should().Be(2);
    }

    [Fact]
    public async Task RunAsync_Python_FinalVarOfAMissingVariableIsToldToTheModel()
    {
        var root = new ScriptedChatClient(m => Turn(m) switch
        {
            1 => "FINAL_VAR(nothing_here)",
            _ => "FINAL(fallback)",
        });
        var engine = new RlmEngine(root, root, new RlmOptions { Language = RlmLanguage.Python, PythonSessions = python.Runtime });

        var result = await engine.RunAsync("Q?", RlmContext.FromString("x"), Ct);

        result.Answer.Should().Be("fallback");
        root.Requests[1][^1].Text.Should().Contain("FINAL_VAR(nothing_here): the REPL has no variable named 'nothing_here'");
    }

    [Fact]
    public async Task RunAsync_Python_RlmQueryStartsAChildRlmThatAlsoSpeaksPython()
    {
        var root = new ScriptedChatClient(m =>
        {
            var isChild = m[0].Text.Contains("sub-RLM at depth 1", StringComparison.Ordinal);
            return (isChild, Turn(m)) switch
            {
                (true, _) => Py("final(context.upper())"),
                (false, 1) => Py("child = rlm_query('Shout it', context[:5])\nchild"),
                _ => "FINAL_VAR(child)",
            };
        });
        var engine = new RlmEngine(root, root, new RlmOptions { Language = RlmLanguage.Python, PythonSessions = python.Runtime });

        var result = await engine.RunAsync("Q?", RlmContext.FromString("hello world"), Ct);

        result.Answer.Should().Be("HELLO");
    }

    [Fact]
    public async Task RunAsync_Python_EventsSayPython()
    {
        var root = new ScriptedChatClient(_ => Py("final(1 + 1)"));
        var engine = new RlmEngine(root, root, new RlmOptions { Language = RlmLanguage.Python, PythonSessions = python.Runtime });

        var events = new List<RlmEvent>();
        await foreach (var e in engine.RunStreamingAsync("Q?", RlmContext.FromString("x"), Ct))
        {
            events.Add(e);
        }

        events.OfType<CodeEvent>().Should().ContainSingle().Which.Language.Should().Be("python");
        events.OfType<CodeOutputEvent>().Should().ContainSingle().Which.Outcome.Should().Be(SnippetOutcome.Completed);
        events.OfType<FinalEvent>().Single().Result.Answer.Should().Be("2");
    }

    [Fact]
    public async Task RunAsync_CSharpWithPython_PythonHelperSharesStateAcrossCalls()
    {
        var root = new ScriptedChatClient(m => m[0].Text.Contains("string Python(string code)", StringComparison.Ordinal)
            ? "```csharp\nPython(\"words = context.split()\");\nFinal(Python(\"len(words)\"));\n```"
            : "FINAL(the prompt did not list Python)");
        var engine = new RlmEngine(root, root, new RlmOptions { PythonSessions = python.Runtime });

        var result = await engine.RunAsync("Q?", RlmContext.FromString("one two three"), Ct);

        result.Answer.Should().Be("3");
    }

    [Fact]
    public async Task RunAsync_CSharpWithoutPython_PythonThrowsAClearError()
    {
        var root = new ScriptedChatClient(m => Turn(m) switch
        {
            1 => "```csharp\nPython(\"1\");\n```",
            _ => "FINAL(done)",
        });
        var engine = new RlmEngine(root, root, new RlmOptions());

        var result = await engine.RunAsync("Q?", RlmContext.FromString("x"), Ct);

        result.Answer.Should().Be("done");
        root.Requests[0][0].Text.Should().NotContain("Python(");
        root.Requests[1][^1].Text.Should().Contain("Python is not configured");
    }

    [Fact]
    public void Validate_PythonLanguageWithoutSessions_Throws()
    {
        var act = () => new RlmOptions { Language = RlmLanguage.Python }.Validate();
        act.Should().Throw<ArgumentException>().WithMessage("*PythonSessions*");
    }
}
