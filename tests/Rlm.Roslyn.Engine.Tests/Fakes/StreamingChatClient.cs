using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Rlm.Roslyn.Tests.Fakes;

/// <summary>
/// A hand-written IChatClient that only streams: each reply (the next scripted one) comes in pieces of
/// <see cref="PieceChars"/> chars, then a usage update (chars / 4 in and out). A non-streaming request fails.
/// </summary>
internal sealed class StreamingChatClient(params string[] replies) : IChatClient
{
    private int _count;

    public int PieceChars { get; init; } = 3;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("This client only streams.");

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        var index = Interlocked.Increment(ref _count) - 1;
        var text = index < replies.Length ? replies[index] : throw new InvalidOperationException($"Streaming client ran out of replies at request {index + 1}.");
        for (var i = 0; i < text.Length; i += PieceChars)
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, text.Substring(i, Math.Min(PieceChars, text.Length - i)));
        }

        yield return new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            Contents = [new UsageContent(new UsageDetails { InputTokenCount = list.Sum(m => m.Text.Length) / 4, OutputTokenCount = text.Length / 4 })],
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
