using Microsoft.Extensions.AI;

namespace Rlm.Roslyn.Host.Tests.Eval.Oracle;

/// <summary>A hand-written IChatClient answering each request with a function of its messages; usage is chars / 4.</summary>
internal sealed class OracleChatClient(Func<IReadOnlyList<ChatMessage>, string> respond) : IChatClient
{
    private int _calls;

    /// <summary>Requests answered.</summary>
    public int Calls => Volatile.Read(ref _calls);

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        Interlocked.Increment(ref _calls);
        var text = respond(list);
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            Usage = new UsageDetails { InputTokenCount = list.Sum(m => m.Text.Length) / 4, OutputTokenCount = text.Length / 4 },
        });
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The engine does not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
