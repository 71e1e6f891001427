using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.AI;
using Rlm.Roslyn.Tests.Fakes;

namespace Rlm.Roslyn.Tests.Resilience;

/// <summary>The retry middleware: which failures it retries, how long it waits, per-attempt timeouts, and what the loop makes of a call that still fails.</summary>
public sealed class RetryingChatClientTests
{
    private static readonly RlmRetryOptions Fast = new() { InitialDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) };

    [Fact]
    public async Task GetResponseAsync_RateLimitedWithRetryAfter_WaitsWhatTheEndpointAskedThenSucceeds()
    {
        var attempts = new List<long>();
        using var inner = new ScriptedChatClient((_, i, _) =>
        {
            lock (attempts)
            {
                attempts.Add(Stopwatch.GetTimestamp());
            }

            return i == 0 ? throw new RateLimited(TimeSpan.FromMilliseconds(300)) : Task.FromResult("ok");
        });

        // Backoff would wait an hour: finishing at all shows Retry-After replaced it.
        var options = new RlmRetryOptions
        {
            InitialDelay = TimeSpan.FromHours(1),
            MaxDelay = TimeSpan.FromHours(1),
            Classify = ex => ex is RateLimited r ? new RlmFailureClassification(true, r.After) : null,
        };
        using var client = inner.AsBuilder().UseRlmRetry(options).Build();

        var response = await client.GetResponseAsync("q", cancellationToken: TestContext.Current.CancellationToken);

        response.Text.Should().Be("ok");
        attempts.Should().HaveCount(2);
        Stopwatch.GetElapsedTime(attempts[0], attempts[1]).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(290));
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    public async Task GetResponseAsync_TransientStatus_IsRetried(HttpStatusCode status)
    {
        using var inner = new ScriptedChatClient((_, i, _) => i < 2 ? throw new HttpRequestException("flaky", null, status) : Task.FromResult("ok"));
        using var client = inner.AsBuilder().UseRlmRetry(Fast).Build();

        var response = await client.GetResponseAsync("q", cancellationToken: TestContext.Current.CancellationToken);

        response.Text.Should().Be("ok");
        inner.Requests.Should().HaveCount(3);
    }

    [Fact]
    public async Task GetResponseAsync_DroppedConnection_IsRetried()
    {
        using var inner = new ScriptedChatClient((_, i, _) => i == 0
            ? throw new HttpRequestException("An error occurred while sending the request.", new IOException("The response ended prematurely."))
            : Task.FromResult("ok"));
        using var client = inner.AsBuilder().UseRlmRetry(Fast).Build();

        (await client.GetResponseAsync("q", cancellationToken: TestContext.Current.CancellationToken)).Text.Should().Be("ok");
        inner.Requests.Should().HaveCount(2);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.NotFound)]
    public async Task GetResponseAsync_PermanentStatus_FailsAtOnceWithTheOriginalError(HttpStatusCode status)
    {
        using var inner = new ScriptedChatClient((_, _, _) => throw new HttpRequestException("nope", null, status));
        using var client = inner.AsBuilder().UseRlmRetry(Fast).Build();

        var act = () => client.GetResponseAsync("q", cancellationToken: TestContext.Current.CancellationToken);

        (await act.Should().ThrowAsync<HttpRequestException>()).Which.StatusCode.Should().Be(status);
        inner.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task GetResponseAsync_StillFailingAfterTheLastRetry_ThrowsWithTheAttemptsAndTheLastError()
    {
        using var inner = new ScriptedChatClient((_, i, _) => throw new HttpRequestException($"down #{i + 1}", null, HttpStatusCode.ServiceUnavailable));
        using var client = inner.AsBuilder().UseRlmRetry(Fast with { MaxRetries = 2 }).Build();

        var act = () => client.GetResponseAsync("q", cancellationToken: TestContext.Current.CancellationToken);

        var failure = (await act.Should().ThrowAsync<RlmCallFailedException>()).Which;
        failure.Attempts.Should().Be(3);
        failure.Message.Should().Be("The LM call failed after 3 attempt(s): down #3");
        inner.Requests.Should().HaveCount(3);
    }

    [Fact]
    public async Task GetResponseAsync_AttemptHangs_TimesOutAndTheNextAttemptAnswers()
    {
        using var inner = new ScriptedChatClient(async (_, i, ct) =>
        {
            if (i == 0)
            {
                await Task.Delay(Timeout.Infinite, ct);
            }

            return "second";
        });
        using var client = inner.AsBuilder().UseRlmRetry(Fast with { AttemptTimeout = TimeSpan.FromMilliseconds(200) }).Build();

        (await client.GetResponseAsync("q", cancellationToken: TestContext.Current.CancellationToken)).Text.Should().Be("second");
        inner.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task GetResponseAsync_CallerCancels_StopsWithoutRetrying()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        using var inner = new ScriptedChatClient(async (_, _, ct) =>
        {
            await cts.CancelAsync();
            await Task.Delay(Timeout.Infinite, ct);
            return "never";
        });
        using var client = inner.AsBuilder().UseRlmRetry(Fast).Build();

        var act = () => client.GetResponseAsync("q", cancellationToken: cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        inner.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task GetResponseAsync_RetryAfterLongerThanAllowed_GivesUpAtOnce()
    {
        using var inner = new ScriptedChatClient((_, _, _) => throw new RateLimited(TimeSpan.FromMinutes(10)));
        var options = Fast with { MaxRetryAfter = TimeSpan.FromSeconds(30), Classify = ex => ex is RateLimited r ? new RlmFailureClassification(true, r.After) : null };
        using var client = inner.AsBuilder().UseRlmRetry(options).Build();

        var act = () => client.GetResponseAsync("q", cancellationToken: TestContext.Current.CancellationToken);

        (await act.Should().ThrowAsync<RlmCallFailedException>()).Which.Message.Should().Contain("asked to wait 600 s");
        inner.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task RunAsync_SubCallStillFailing_ScriptGetsErrorTextAndTheRunGoesOn()
    {
        var sub = new ScriptedChatClient((_, _, _) => throw new HttpRequestException("overloaded", null, HttpStatusCode.ServiceUnavailable));
        using var retryingSub = sub.AsBuilder().UseRlmRetry(Fast with { MaxRetries = 1 }).Build();
        var root = new ScriptedChatClient(Code.Reply("Print(Llm(\"x\"));"), "FINAL(went on)");

        var result = await new RlmEngine(root, retryingSub).RunAsync("q", RlmContext.FromString("t"), TestContext.Current.CancellationToken);

        root.LastUserText(1).Should().Be("Error: The LM call failed after 2 attempt(s): overloaded");
        result.Answer.Should().Be("went on");
        sub.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task RunStreamingAsync_RootCallStillFailing_EndsWithTheReasonAndKeepsTheEvents()
    {
        var root = new ScriptedChatClient((_, i, _) => i == 0
            ? Task.FromResult(Code.Reply("Print(\"step one\");"))
            : throw new HttpRequestException("bad gateway", null, HttpStatusCode.BadGateway));
        using var retryingRoot = root.AsBuilder().UseRlmRetry(Fast with { MaxRetries = 2 }).Build();

        var events = new List<RlmEvent>();
        await foreach (var e in new RlmEngine(retryingRoot).RunStreamingAsync("q", RlmContext.FromString("t"), TestContext.Current.CancellationToken))
        {
            events.Add(e);
        }

        var result = ((FinalEvent)events[^1]).Result;
        result.Ending.Should().Be(RlmEnding.Error);
        result.Reason.Should().Be("The root LM call failed at turn 2: The LM call failed after 3 attempt(s): bad gateway");
        events.OfType<CodeOutputEvent>().Single().Output.Should().Be("step one");
        root.Requests.Should().HaveCount(1 + 3);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_FailsBeforeTheFirstUpdate_IsRetried()
    {
        var attempts = 0;
        using var inner = new StreamingFake(() => Interlocked.Increment(ref attempts) == 1
            ? throw new HttpRequestException("reset", null, HttpStatusCode.BadGateway)
            : ["a", "b", "c"]);
        using var client = inner.AsBuilder().UseRlmRetry(Fast).Build();

        var text = string.Concat(await client.GetStreamingResponseAsync("q", cancellationToken: TestContext.Current.CancellationToken).Select(u => u.Text).ToListAsync(TestContext.Current.CancellationToken));

        text.Should().Be("abc");
        attempts.Should().Be(2);
    }

    private sealed class RateLimited(TimeSpan after) : Exception("429 Too Many Requests")
    {
        public TimeSpan After { get; } = after;
    }

    private sealed class StreamingFake(Func<string[]> updates) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            foreach (var text in updates())
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, text);
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
