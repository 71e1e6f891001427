using Microsoft.Extensions.AI;

namespace Rlm.Roslyn.Benchmarks;

/// <summary>
/// A fake LM for the fan-out benchmark: the root gets <see cref="RootReply"/>; every other request waits the latency
/// (like a remote model) and echoes its prompt. Counts requests and the most in flight.
/// </summary>
internal sealed class LatencyChatClient(TimeSpan latency, string rootReply) : IChatClient
{
    private int _inFlight;
    private int _maxInFlight;
    private int _requests;

    public string RootReply { get; } = rootReply;

    public int Requests => Volatile.Read(ref _requests);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        if (list[0].Role == ChatRole.System)
        {
            return Reply(list.Any(m => m.Role == ChatRole.Assistant) ? "FINAL(done)" : RootReply);
        }

        Interlocked.Increment(ref _requests);
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
        {
        }

        try
        {
            await Task.Delay(latency, cancellationToken).ConfigureAwait(false);
            return Reply("echo " + list[^1].Text);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    private static ChatResponse Reply(string text) =>
        new(new ChatMessage(ChatRole.Assistant, text)) { Usage = new UsageDetails { InputTokenCount = 10, OutputTokenCount = 10 } };
}
