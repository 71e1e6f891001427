using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Rlm.Roslyn.Extensions.Tests.Fakes;

/// <summary>
/// A hand-written IChatClient that answers each request with a function of its messages and records every request
/// exactly as received (the same message enumerable and options instances), streaming included.
/// </summary>
internal sealed class ScriptedChatClient(Func<IReadOnlyList<ChatMessage>, string> respond) : IChatClient
{
    private readonly List<(IEnumerable<ChatMessage> Messages, ChatOptions? Options)> _requests = [];

    public IReadOnlyList<(IEnumerable<ChatMessage> Messages, ChatOptions? Options)> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The response objects returned, in order, so tests can check they reached the caller unchanged.</summary>
    public List<ChatResponse> Responses { get; } = [];

    /// <summary>The update objects streamed, in order.</summary>
    public List<ChatResponseUpdate> Updates { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var text = Record(messages, options);
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            Usage = new UsageDetails { InputTokenCount = 10, OutputTokenCount = text.Length / 4 },
        };
        lock (_requests)
        {
            Responses.Add(response);
        }

        return Task.FromResult(response);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var text = Record(messages, options);
        foreach (var word in text.Split(' '))
        {
            await Task.Yield();
            var update = new ChatResponseUpdate(ChatRole.Assistant, word + " ");
            Updates.Add(update);
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private string Record(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        lock (_requests)
        {
            _requests.Add((messages, options));
        }

        return respond([.. messages]);
    }
}
