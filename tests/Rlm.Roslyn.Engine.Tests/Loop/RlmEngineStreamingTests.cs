using Rlm.Roslyn.Tests.Fakes;

namespace Rlm.Roslyn.Tests.Loop;

/// <summary>Opt-in events for watchers: streamed replies (<see cref="ReplyDeltaEvent"/>) and prompts (<see cref="PromptEvent"/>).</summary>
public sealed class RlmEngineStreamingTests
{
    private static readonly RlmContext Haystack = RlmContext.FromString("alpha beta gamma\nthe vault code is 4417\n");

    [Fact]
    public async Task RunStreamingAsync_StreamReplies_PiecesOfEachTurnMakeUpItsReplyAndUsageIsKept()
    {
        const string first = "Looking.\n```csharp\nPrint(Context.Length);\n```\n";
        const string second = "FINAL(4417)";
        var root = new StreamingChatClient(first, second);
        var engine = new RlmEngine(root, new ScriptedChatClient(), new RlmOptions { StreamReplies = true });

        var events = await CollectAsync(engine.RunStreamingAsync("What is the code?", Haystack, TestContext.Current.CancellationToken));

        var replies = events.OfType<ModelReplyEvent>().ToList();
        replies.Select(r => r.Text).Should().Equal(first, second);
        foreach (var reply in replies)
        {
            var pieces = events.OfType<ReplyDeltaEvent>().Where(d => d.Iteration == reply.Iteration).ToList();
            pieces.Should().HaveCountGreaterThan(1);
            string.Concat(pieces.Select(d => d.Text)).Should().Be(reply.Text);
            events.IndexOf(pieces[^1]).Should().BeLessThan(events.IndexOf(reply), "pieces come before the finished turn");
            reply.Usage.OutputTokens.Should().Be(reply.Text.Length / 4, "the usage update of the stream is kept");
        }

        events.OfType<FinalEvent>().Single().Result.Answer.Should().Be("4417");
    }

    [Fact]
    public async Task RunStreamingAsync_EmitPrompts_EachTurnCarriesTheMessagesAddedSinceTheLastRequest()
    {
        var root = new ScriptedChatClient(Code.Reply("Print(\"seen \" + Context.Length);"), "FINAL(done)");
        var engine = new RlmEngine(root, new ScriptedChatClient(), new RlmOptions { EmitPrompts = true });

        var events = await CollectAsync(engine.RunStreamingAsync("What is the code?", Haystack, TestContext.Current.CancellationToken));

        var prompts = events.OfType<PromptEvent>().ToList();
        prompts.Select(p => p.Iteration).Should().Equal(1, 2);
        prompts[0].Messages.Select(m => m.Role).Should().Equal("system", "user");
        prompts[0].Messages[0].Text.Should().Be(root.Requests[0][0].Text);
        prompts[0].Messages[1].Text.Should().StartWith("Question: What is the code?");
        prompts[1].Messages.Should().ContainSingle("the assistant's reply is in the turn event, not repeated")
            .Which.Should().Be(new PromptMessage("user", root.LastUserText(1)));
        prompts[1].Messages[0].Text.Should().Contain($"seen {Haystack.Length}");
        events.IndexOf(prompts[1]).Should().BeGreaterThan(events.IndexOf(events.OfType<CodeOutputEvent>().Single()));
    }

    [Fact]
    public async Task RunStreamingAsync_Defaults_EmitNeitherPiecesNorPrompts()
    {
        var root = new ScriptedChatClient("FINAL(x)");

        var events = await CollectAsync(new RlmEngine(root).RunStreamingAsync("q", Haystack, TestContext.Current.CancellationToken));

        events.Should().NotContain(e => e is ReplyDeltaEvent || e is PromptEvent);
    }

    private static async Task<List<RlmEvent>> CollectAsync(IAsyncEnumerable<RlmEvent> events)
    {
        var list = new List<RlmEvent>();
        await foreach (var e in events)
        {
            list.Add(e);
        }

        return list;
    }
}
