using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Rlm.Roslyn.Host.Tests.Fakes;

public sealed class ScriptedOpenAIServerTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task GetResponseAsync_TwoTurns_ReturnsScriptedRepliesInOrder()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync("first answer", "second answer");
        var client = CreateClient(server);
        var ct = TestContext.Current.CancellationToken;

        List<ChatMessage> history = [new(ChatRole.User, "question one")];
        var first = await client.GetResponseAsync(history, cancellationToken: ct);
        history.AddRange(first.Messages);
        history.Add(new(ChatRole.User, "question two"));
        var second = await client.GetResponseAsync(history, cancellationToken: ct);

        first.Text.Should().Be("first answer");
        second.Text.Should().Be("second answer");
        server.Requests.Should().HaveCount(2);
        server.Requests[1].Messages.Select(m => (m.Role, m.Content)).Should().Equal(
            ("user", "question one"),
            ("assistant", "first answer"),
            ("user", "question two"));
    }

    [Fact]
    public async Task GetResponseAsync_SystemAndUserMessages_ServerRecordsMessagesAndModel()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync("ok");
        var client = CreateClient(server);

        await client.GetResponseAsync(
            [new(ChatRole.System, "You are terse."), new(ChatRole.User, "Say ok.")],
            cancellationToken: TestContext.Current.CancellationToken);

        var request = server.Requests.Should().ContainSingle().Subject;
        request.Path.Should().Be("/v1/chat/completions");
        request.Model.Should().Be("test-model");
        request.Stream.Should().BeFalse();
        request.Messages.Should().Equal(
            new ChatMessageRecord("system", "You are terse."),
            new ChatMessageRecord("user", "Say ok."));
        request.LastContentOf("user").Should().Be("Say ok.");
        using var body = JsonDocument.Parse(request.Body);
        body.RootElement.GetProperty("model").GetString().Should().Be("test-model");
    }

    [Fact]
    public async Task GetResponseAsync_ScriptedReply_UsageArrivesInResponse()
    {
        // Prompt: 40 + 8 chars -> 12 tokens; reply: 20 chars -> 5 tokens.
        await using var server = await ScriptedOpenAIServer.StartAsync(new string('r', 20));
        var client = CreateClient(server);

        var response = await client.GetResponseAsync(
            [new(ChatRole.System, new string('s', 40)), new(ChatRole.User, new string('u', 8))],
            cancellationToken: TestContext.Current.CancellationToken);

        response.Usage.Should().NotBeNull();
        response.Usage!.InputTokenCount.Should().Be(12);
        response.Usage.OutputTokenCount.Should().Be(5);
        response.Usage.TotalTokenCount.Should().Be(17);
        response.FinishReason.Should().Be(ChatFinishReason.Stop);
        response.ModelId.Should().Be("test-model");
        response.ResponseId.Should().Be("chatcmpl-scripted-0");
    }

    [Fact]
    public async Task GetResponseAsync_TinyExchange_CountsAtLeastOneTokenEach()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync("k");
        var client = CreateClient(server);

        var response = await client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);

        response.Usage!.InputTokenCount.Should().Be(1);
        response.Usage.OutputTokenCount.Should().Be(1);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ScriptedReply_YieldsTextInPiecesAndUsage()
    {
        const string reply = "The answer is forty two, as computed.";
        await using var server = await ScriptedOpenAIServer.StartAsync(reply);
        var client = CreateClient(server);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("stream please", cancellationToken: TestContext.Current.CancellationToken))
        {
            updates.Add(update);
        }

        string.Concat(updates.Select(u => u.Text)).Should().Be(reply);
        updates.Count(u => u.Text.Length > 0).Should().BeGreaterThan(1, "the reply is streamed in word-sized pieces");
        updates.Should().Contain(u => u.FinishReason == ChatFinishReason.Stop);
        var usage = updates.SelectMany(u => u.Contents).OfType<UsageContent>().Should().ContainSingle().Subject;
        usage.Details.InputTokenCount.Should().Be(3);
        usage.Details.OutputTokenCount.Should().Be(reply.Length / 4);
        var request = server.Requests.Should().ContainSingle().Subject;
        request.Stream.Should().BeTrue();
        request.IncludeUsage.Should().BeTrue("the OpenAI client asks for the usage chunk");
    }

    [Fact]
    public async Task GetResponseAsync_ServerError_ThrowsClientResultExceptionWith500()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync([ScriptedReply.ServerError("scripted boom")]);
        var client = CreateClient(server);

        var act = () => client.GetResponseAsync("hello", cancellationToken: TestContext.Current.CancellationToken);

        var thrown = await act.Should().ThrowAsync<ClientResultException>();
        thrown.Which.Status.Should().Be(500);
        thrown.Which.Message.Should().Contain("scripted boom");
        server.Requests.Should().ContainSingle("retries are off in these tests");
    }

    [Fact]
    public async Task GetResponseAsync_ScriptRunsDry_ThrowsWithClearMessage()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync("only one");
        var client = CreateClient(server);
        var ct = TestContext.Current.CancellationToken;
        await client.GetResponseAsync("one", cancellationToken: ct);

        var act = () => client.GetResponseAsync("two", cancellationToken: ct);

        var thrown = await act.Should().ThrowAsync<ClientResultException>();
        thrown.Which.Status.Should().Be(500);
        thrown.Which.Message.Should().Contain("script ran dry").And.Contain("request #2").And.Contain("only 1 replies");
    }

    [Fact]
    public async Task GetResponseAsync_RespondCallbackThrows_ThrowsWithCallbackMessage()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync(_ => throw new InvalidOperationException("bad script"));
        var client = CreateClient(server);

        var act = () => client.GetResponseAsync("hello", cancellationToken: TestContext.Current.CancellationToken);

        var thrown = await act.Should().ThrowAsync<ClientResultException>();
        thrown.Which.Status.Should().Be(500);
        thrown.Which.Message.Should().Contain("InvalidOperationException").And.Contain("bad script");
    }

    [Fact]
    public async Task GetResponseAsync_DroppedConnection_Throws()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync([ScriptedReply.DropConnection()]);
        var client = CreateClient(server);

        var act = () => client.GetResponseAsync("hello", cancellationToken: TestContext.Current.CancellationToken);

        var thrown = await act.Should().ThrowAsync<ClientResultException>();
        thrown.Which.Status.Should().Be(0, "no response arrived");
        thrown.Which.InnerException.Should().BeOfType<HttpRequestException>();
        server.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task GetResponseAsync_RateLimitedThenText_DefaultRetryHonoursRetryAfterAndSucceeds()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync(
            [ScriptedReply.RateLimited(TimeSpan.Zero), ScriptedReply.Text("after the wait")]);
        var client = CreateClient(server, retry: true);

        var response = await client.GetResponseAsync("hello", cancellationToken: TestContext.Current.CancellationToken);

        response.Text.Should().Be("after the wait");
        server.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task GetResponseAsync_DelayedReplyAndCancelledToken_ThrowsOperationCanceledQuickly()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync([ScriptedReply.Text("late").After(TimeSpan.FromSeconds(30))]);
        var client = CreateClient(server);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(TimeSpan.FromMilliseconds(200));
        var started = TimeProvider.System.GetTimestamp();

        var act = () => client.GetResponseAsync("hello", cancellationToken: cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        TimeProvider.System.GetElapsedTime(started).Should().BeLessThan(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task DisposeAsync_WhileReplyIsDelayed_StopsQuicklyAndClientSeesDroppedConnection()
    {
        var server = await ScriptedOpenAIServer.StartAsync([ScriptedReply.Text("never").After(TimeSpan.FromSeconds(30))]);
        var client = CreateClient(server);
        var pending = client.GetResponseAsync("hello", cancellationToken: TestContext.Current.CancellationToken);
        while (server.Requests.Count == 0)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        var started = TimeProvider.System.GetTimestamp();
        await server.DisposeAsync();

        TimeProvider.System.GetElapsedTime(started).Should().BeLessThan(TimeSpan.FromSeconds(15));
        var act = () => pending;
        await act.Should().ThrowAsync<ClientResultException>();
    }

    [Fact]
    public async Task Post_RateLimited_Answers429WithRetryAfterAndOpenAIErrorBody()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync([ScriptedReply.RateLimited(TimeSpan.FromMilliseconds(1500))]);
        using var http = new HttpClient();

        using var response = await PostJsonAsync(http, new Uri(server.BaseUrl + "/chat/completions"), """{"model":"m","messages":[{"role":"user","content":"hi"}]}""");

        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(2));
        response.Headers.GetValues("retry-after-ms").Should().Equal("1500");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var error = body.RootElement.GetProperty("error");
        error.GetProperty("code").GetString().Should().Be("rate_limit_exceeded");
        error.GetProperty("message").GetString().Should().StartWith("Rate limit reached");
    }

    [Fact]
    public async Task Post_RootPathAndContentParts_RecordsJoinedTextParts()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync("fine");
        using var http = new HttpClient();
        var root = new Uri($"http://{server.BaseUrl.Authority}/chat/completions");
        const string json = """
            {"model":"m2","messages":[
              {"role":"system","content":[{"type":"text","text":"part one, "},{"type":"image_url","image_url":{"url":"x"}},{"type":"text","text":"part two"}]},
              {"role":"assistant","content":null,"tool_calls":[]},
              {"role":"user","content":"plain"}]}
            """;

        using var response = await PostJsonAsync(http, root, json);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var request = server.Requests.Should().ContainSingle().Subject;
        request.Path.Should().Be("/chat/completions");
        request.Model.Should().Be("m2");
        request.Messages.Should().Equal(
            new ChatMessageRecord("system", "part one, part two"),
            new ChatMessageRecord("assistant", ""),
            new ChatMessageRecord("user", "plain"));
        request.Body.Should().Be(json);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Post_Stream_AnswersServerSentEventsEndingWithDone(bool includeUsage)
    {
        await using var server = await ScriptedOpenAIServer.StartAsync("two words");
        using var http = new HttpClient();
        var streamOptions = includeUsage ? ""","stream_options":{"include_usage":true}""" : "";

        using var response = await PostJsonAsync(
            http,
            new Uri(server.BaseUrl + "/chat/completions"),
            """{"model":"m","stream":true,"messages":[{"role":"user","content":"12345678"}]""" + streamOptions + "}");
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        var events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        events.Should().OnlyContain(e => e.StartsWith("data: ", StringComparison.Ordinal));
        events[^1].Should().Be("data: [DONE]");
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e["data: ".Length..])).ToList();
        try
        {
            chunks.Should().OnlyContain(c => c.RootElement.GetProperty("object").GetString() == "chat.completion.chunk");
            var deltas = chunks
                .SelectMany(c => c.RootElement.GetProperty("choices").EnumerateArray())
                .Select(choice => choice.GetProperty("delta"))
                .Where(delta => delta.TryGetProperty("content", out _))
                .Select(delta => delta.GetProperty("content").GetString());
            string.Concat(deltas).Should().Be("two words");
            var usage = chunks[^1].RootElement.GetProperty("usage");
            if (includeUsage)
            {
                chunks[^1].RootElement.GetProperty("choices").GetArrayLength().Should().Be(0);
                usage.GetProperty("prompt_tokens").GetInt32().Should().Be(2);
                usage.GetProperty("completion_tokens").GetInt32().Should().Be(2);
                usage.GetProperty("total_tokens").GetInt32().Should().Be(4);
            }
            else
            {
                usage.ValueKind.Should().Be(JsonValueKind.Null);
                chunks[^1].RootElement.GetProperty("choices")[0].GetProperty("finish_reason").GetString().Should().Be("stop");
            }
        }
        finally
        {
            chunks.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task Post_UnknownPathOrBadJson_AnswersOpenAIShapedErrorsWithoutUsingTheScript()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync("unused");
        using var http = new HttpClient();

        using var notFound = await PostJsonAsync(http, new Uri(server.BaseUrl + "/embeddings"), "{}");
        using var badJson = await PostJsonAsync(http, new Uri(server.BaseUrl + "/chat/completions"), "{not json");

        notFound.StatusCode.Should().Be(HttpStatusCode.NotFound);
        badJson.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await badJson.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("\"error\"");
        server.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Requests_ConcurrentCalls_RecordsEachOnceWithDistinctIndexes()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync(r => ScriptedReply.Text("echo " + r.LastContentOf("user")));
        var client = CreateClient(server);
        var ct = TestContext.Current.CancellationToken;

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => client.GetResponseAsync($"q{i}", cancellationToken: ct)));

        responses.Select(r => r.Text).Should().BeEquivalentTo(Enumerable.Range(0, 8).Select(i => $"echo q{i}"));
        server.Requests.Select(r => r.Index).Should().BeEquivalentTo(Enumerable.Range(0, 8));
    }

    [Fact]
    public async Task DisposeAsync_Twice_StopsServerAndRefusesConnections()
    {
        var server = await ScriptedOpenAIServer.StartAsync("x");
        var url = new Uri(server.BaseUrl + "/chat/completions");

        await server.DisposeAsync();
        await server.DisposeAsync();

        using var http = new HttpClient();
        var act = () => PostJsonAsync(http, url, "{}");
        await act.Should().ThrowAsync<HttpRequestException>();
    }

    private static IChatClient CreateClient(ScriptedOpenAIServer server, bool retry = false)
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = server.BaseUrl,
            NetworkTimeout = TestTimeout,
        };
        if (!retry)
        {
            options.RetryPolicy = new ClientRetryPolicy(maxRetries: 0);
        }

        return new OpenAI.Chat.ChatClient(model: "test-model", credential: new ApiKeyCredential("test-key"), options: options).AsIChatClient();
    }

    private static async Task<HttpResponseMessage> PostJsonAsync(HttpClient http, Uri url, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await http.PostAsync(url, content, TestContext.Current.CancellationToken);
    }
}
