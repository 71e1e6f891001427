using Microsoft.Extensions.AI;
using Rlm.Roslyn.Extensions.Tests.Fakes;

namespace Rlm.Roslyn.Extensions.Tests.ChatCompletion;

public sealed class RecursiveContextChatClientTests
{
    private const int Threshold = 5_000;
    private static readonly RecursiveContextOptions Options = new() { MinContextChars = Threshold, Engine = new RlmOptions { MaxIterations = 4 } };

    [Fact]
    public async Task GetResponseAsync_ShortPrompt_PassesTheSameMessagesOptionsAndResponseThrough()
    {
        var inner = new ScriptedChatClient(_ => "plain answer");
        using var client = new RecursiveContextChatClient(inner, options: Options);
        List<ChatMessage> messages = [new(ChatRole.System, "Be brief."), new(ChatRole.User, new string('x', Threshold - 1))];
        var chatOptions = new ChatOptions { ModelId = "m", Temperature = 0.2f };

        var response = await client.GetResponseAsync(messages, chatOptions);

        inner.Requests.Should().ContainSingle();
        inner.Requests[0].Messages.Should().BeSameAs(messages);
        inner.Requests[0].Options.Should().BeSameAs(chatOptions);
        response.Should().BeSameAs(inner.Responses[0]);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ShortPrompt_StreamsTheInnerUpdatesUntouched()
    {
        var inner = new ScriptedChatClient(_ => "one two three");
        using var client = new RecursiveContextChatClient(inner, options: Options);
        List<ChatMessage> messages = [new(ChatRole.User, "Count to three.")];

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(messages))
        {
            updates.Add(update);
        }

        updates.Should().HaveCount(3).And.Equal(inner.Updates, ReferenceEquals);
        inner.Requests.Should().ContainSingle().Which.Messages.Should().BeSameAs(messages);
    }

    [Fact]
    public async Task GetResponseAsync_LongUserPart_RunsAnRlmOverItAndNoRequestCarriesIt()
    {
        var document = RlmScript.Haystack(50_000);
        var inner = new ScriptedChatClient(m => RlmScript.IsRlmTurn(m)
            ? RlmScript.Code("var hit = Grep(@\"vault code is (\\d+)\").First();\nFinal(Query + \" => \" + Regex.Match(hit.LineText, @\"\\d+\").Value);")
            : throw new InvalidOperationException("a routed request reached the inner client"));
        using var client = new RecursiveContextChatClient(inner, options: Options);

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, [new TextContent("What is the vault code?"), new TextContent(document)])]);

        response.Text.Should().Be("What is the vault code? => 4417");
        response.FinishReason.Should().Be(ChatFinishReason.Stop);
        response.RawRepresentation.Should().BeOfType<RlmResult>().Which.Ending.Should().Be(RlmEnding.Final);
        response.AdditionalProperties!["rlm.ending"].Should().Be("Final");
        response.Usage!.InputTokenCount.Should().Be(10, "one root call, reported by the inner client");
        inner.Requests.Should().ContainSingle();
        inner.Requests[0].Messages.Sum(m => m.Text.Length).Should().BeLessThan(document.Length / 2, "the model sees a description of the context, not the context");
        inner.Requests[0].Messages.Should().NotContain(m => m.Text.Contains("vault code is 4417", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetResponseAsync_ExactlyAtTheThreshold_IsRouted_OneCharLess_IsNot()
    {
        var inner = new ScriptedChatClient(m => RlmScript.IsRlmTurn(m) ? RlmScript.Code("Final(Context.Length);") : "passed");
        using var client = new RecursiveContextChatClient(inner, options: Options);

        (await client.GetResponseAsync(new string('a', Threshold))).Text.Should().Be(Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture));
        (await client.GetResponseAsync(new string('a', Threshold - 1))).Text.Should().Be("passed");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_LongPrompt_StreamsTheRunsAnswerWithUsage()
    {
        var inner = new ScriptedChatClient(m => RlmScript.IsRlmTurn(m) ? RlmScript.Code("Final(Documents.Count + \" document(s): \" + Documents[0].Name);") : "passed");
        using var client = new RecursiveContextChatClient(inner, options: Options);
        var file = new DataContent(System.Text.Encoding.UTF8.GetBytes(RlmScript.Haystack(20_000)), "text/plain") { Name = "notes.txt" };

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, [new TextContent("How many files?"), file])]))
        {
            updates.Add(update);
        }

        var response = updates.ToChatResponse();
        response.Text.Should().Be("1 document(s): notes.txt");
        response.Usage.Should().NotBeNull();
        inner.Updates.Should().BeEmpty("the RLM's own turns are not streamed from the inner client");
    }

    [Fact]
    public async Task GetResponseAsync_SingleQuestionBesideTheDocument_IsTheQueryItself()
    {
        var inner = new ScriptedChatClient(m => RlmScript.IsRlmTurn(m) ? RlmScript.Code("Final(Query);") : "passed");
        using var client = new RecursiveContextChatClient(inner, options: Options);

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, [new TextContent(RlmScript.Haystack(8_000)), new TextContent("  Which line mentions the vault?  ")])]);

        response.Text.Should().Be("Which line mentions the vault?");
    }

    [Fact]
    public async Task GetResponseAsync_Conversation_BecomesATranscriptQueryWithAMarkerWhereTheDocumentWas()
    {
        var inner = new ScriptedChatClient(m => RlmScript.IsRlmTurn(m) ? RlmScript.Code("Final(Query);") : "passed");
        using var client = new RecursiveContextChatClient(inner, options: Options);

        var response = await client.GetResponseAsync(
        [
            new ChatMessage(ChatRole.System, "Answer in French."),
            new ChatMessage(ChatRole.User, [new TextContent("Here is the log."), new TextContent(RlmScript.Haystack(6_000))]),
            new ChatMessage(ChatRole.Assistant, "Got it."),
            new ChatMessage(ChatRole.User, "What is the vault code?"),
        ]);

        response.Text.Should().Be(
            "The conversation so far; its long parts were moved into the context. Answer its last message.\n\n" +
            "system: Answer in French.\n\n" +
            "user: Here is the log.\n[document 'message2': 6,000 chars, in the context]\n\n" +
            "assistant: Got it.\n\n" +
            "user: What is the vault code?");
    }

    [Fact]
    public async Task GetResponseAsync_OnlyLongContent_AsksTheModelToFindTheRequestAndQuotesBothEnds()
    {
        var inner = new ScriptedChatClient(m => RlmScript.IsRlmTurn(m) ? RlmScript.Code("Final(Query);") : "passed");
        using var client = new RecursiveContextChatClient(inner, options: Options);
        var message = "Please count the lines below.\n" + RlmScript.Haystack(7_000) + "\nThat was all.";

        var query = (await client.GetResponseAsync(message)).Text;

        query.Should().Contain("holds no separate question").And.Contain("«Please count the lines below.").And.Contain("That was all.»");
    }

    [Fact]
    public async Task GetResponseAsync_CallerOptions_ApplyToTheRootTurnsWithoutTools()
    {
        var inner = new ScriptedChatClient(m => RlmScript.IsRlmTurn(m) ? RlmScript.Code("Final(1);") : "passed");
        using var client = new RecursiveContextChatClient(inner, options: Options);
        var chatOptions = new ChatOptions { ModelId = "big-model", Tools = [AIFunctionFactory.Create(() => 1, "one")] };

        var response = await client.GetResponseAsync(RlmScript.Haystack(Threshold), chatOptions);

        var sent = inner.Requests.Should().ContainSingle().Subject.Options!;
        sent.ModelId.Should().Be("big-model");
        sent.Tools.Should().BeNull();
        chatOptions.Tools.Should().ContainSingle("the caller's options are not changed");
        response.ModelId.Should().Be("big-model");
    }

    [Fact]
    public async Task GetResponseAsync_SubClient_AnswersTheSubCalls()
    {
        var root = new ScriptedChatClient(m => RlmScript.IsRlmTurn(m) ? RlmScript.Code("Final(Llm(\"shout\"));") : "root passed");
        var sub = new ScriptedChatClient(m => m[^1].Text.ToUpperInvariant());
        using var client = new RecursiveContextChatClient(root, sub, Options);

        (await client.GetResponseAsync(RlmScript.Haystack(Threshold))).Text.Should().Be("SHOUT");
        sub.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task GetResponseAsync_RootModelFails_ThrowsWithTheRunsReason()
    {
        var inner = new ScriptedChatClient(_ => throw new HttpRequestException("endpoint down"));
        using var client = new RecursiveContextChatClient(inner, options: Options);

        var act = () => client.GetResponseAsync(RlmScript.Haystack(Threshold));

        var thrown = await act.Should().ThrowAsync<RecursiveContextException>();
        thrown.Which.Message.Should().Contain("endpoint down");
        thrown.Which.Result!.Ending.Should().Be(RlmEnding.Error);
    }

    [Fact]
    public async Task GetResponseAsync_IterationLimit_ReturnsThePartialAnswerWithLengthFinish()
    {
        var inner = new ScriptedChatClient(m => RlmScript.IsRlmTurn(m) && m[^1].Text.Contains("best", StringComparison.OrdinalIgnoreCase) ? "FINAL(partial)" : RlmScript.Code("Print(1);"));
        using var client = new RecursiveContextChatClient(inner, options: Options with { Engine = new RlmOptions { MaxIterations = 1 } });

        var response = await client.GetResponseAsync(RlmScript.Haystack(Threshold));

        response.Text.Should().Be("partial");
        response.FinishReason.Should().Be(ChatFinishReason.Length);
        response.AdditionalProperties!["rlm.reason"].Should().BeOfType<string>().Which.Should().Contain("iteration cap");
    }

    [Fact]
    public void Constructor_InvalidThreshold_Throws()
    {
        var act = () => new RecursiveContextChatClient(new ScriptedChatClient(_ => ""), options: new RecursiveContextOptions { MinContextChars = 0 });

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("MinContextChars");
    }

    [Fact]
    public async Task UseRecursiveContext_InABuilderPipeline_RoutesLongAndPassesShort()
    {
        var inner = new ScriptedChatClient(m => RlmScript.IsRlmTurn(m) ? RlmScript.Code("Final(\"routed\");") : "passed");
        using var client = inner.AsBuilder().UseRecursiveContext(minContextChars: 1_000).Build();

        client.GetService<RecursiveContextChatClient>()!.Options.MinContextChars.Should().Be(1_000);
        (await client.GetResponseAsync("short")).Text.Should().Be("passed");
        (await client.GetResponseAsync(RlmScript.Haystack(1_000))).Text.Should().Be("routed");
    }
}
