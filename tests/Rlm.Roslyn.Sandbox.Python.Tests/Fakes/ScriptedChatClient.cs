using Microsoft.Extensions.AI;

namespace Rlm.Roslyn.Python.Tests.Fakes;

/// <summary>A hand-written IChatClient: each request is answered by a function of its messages; every request is recorded.</summary>
internal sealed class ScriptedChatClient(Func<IReadOnlyList<ChatMessage>, string> respond) : IChatClient
{
    private readonly Lock _lock = new();
    private readonly List<IReadOnlyList<ChatMessage>> _requests = [];

    public IReadOnlyList<IReadOnlyList<ChatMessage>> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        lock (_lock)
        {
            _requests.Add(list);
        }

        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, respond(list))));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
