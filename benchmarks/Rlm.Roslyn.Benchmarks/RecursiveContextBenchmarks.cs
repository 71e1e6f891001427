using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;

namespace Rlm.Roslyn.Benchmarks;

/// <summary>
/// What UseRecursiveContext adds to a request that passes through (the common case: no user part reaches
/// MinContextChars). Baseline: the same request straight to the inner client. The conversation has 12 messages,
/// one of them a 90,000-char document just under the default 100,000-char threshold, and one text attachment
/// (a 20,000-byte DataContent, which must be measured in chars without decoding it to a string).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SuppressMessage("Performance", "CA1859:Use concrete types when possible", Justification = "Both rows call through IChatClient, as an application does.")]
public class RecursiveContextBenchmarks
{
    private readonly List<ChatMessage> _messages = [];
    private IChatClient _inner = null!;
    private IChatClient _middleware = null!;

    [GlobalSetup]
    public void Setup()
    {
        _messages.Add(new ChatMessage(ChatRole.System, "You are a careful assistant."));
        for (var i = 0; i < 5; i++)
        {
            _messages.Add(new ChatMessage(ChatRole.User, $"Question {i}: " + new string('q', 400)));
            _messages.Add(new ChatMessage(ChatRole.Assistant, $"Answer {i}: " + new string('a', 800)));
        }

        var attachment = new DataContent(System.Text.Encoding.UTF8.GetBytes(new string('d', 20_000)), "text/plain") { Name = "notes.txt" };
        _messages.Add(new ChatMessage(ChatRole.User, [new TextContent(new string('x', 90_000)), attachment, new TextContent("And now?")]));
        _inner = new FixedReplyClient();
        _middleware = _inner.AsBuilder().UseRecursiveContext().Build();
    }

    [Benchmark(Baseline = true)]
    public Task<ChatResponse> Direct() => _inner.GetResponseAsync(_messages);

    [Benchmark]
    public Task<ChatResponse> ThroughMiddleware() => _middleware.GetResponseAsync(_messages);

    /// <summary>An inner client with no cost of its own: the same completed response every time.</summary>
    private sealed class FixedReplyClient : IChatClient
    {
        private readonly Task<ChatResponse> _reply = Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")));

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) => _reply;

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
