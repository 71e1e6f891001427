using Microsoft.Extensions.AI;

namespace Rlm.Roslyn.Tests.Fakes;

/// <summary>
/// A hand-written IChatClient: each request is answered by a function of the messages it received (or by the
/// next scripted reply), and every request is recorded. Usage is reported as chars / 4 so totals can be checked.
/// </summary>
internal sealed class ScriptedChatClient : IChatClient
{
    private readonly Func<IReadOnlyList<ChatMessage>, int, CancellationToken, Task<string>> _respond;
    private readonly List<IReadOnlyList<ChatMessage>> _requests = [];
    private int _count;

    public ScriptedChatClient(Func<IReadOnlyList<ChatMessage>, int, CancellationToken, Task<string>> respond) => _respond = respond;

    public ScriptedChatClient(Func<IReadOnlyList<ChatMessage>, string> respond)
        : this((m, _, _) => Task.FromResult(respond(m)))
    {
    }

    /// <summary>Answers with <paramref name="replies"/> in order; past the end, fails loudly.</summary>
    public ScriptedChatClient(params string[] replies)
        : this((_, i, _) => i < replies.Length
            ? Task.FromResult(replies[i])
            : throw new InvalidOperationException($"Scripted client ran out of replies at request {i + 1}."))
    {
    }

    public IReadOnlyList<IReadOnlyList<ChatMessage>> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The text of the last user message of request <paramref name="index"/>.</summary>
    public string LastUserText(int index) => Requests[index].Last(m => m.Role == ChatRole.User).Text;

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        int index;
        lock (_requests)
        {
            _requests.Add(list);
            index = _count++;
        }

        var text = await _respond(list, index, cancellationToken);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            Usage = new UsageDetails
            {
                InputTokenCount = list.Sum(m => m.Text.Length) / 4,
                OutputTokenCount = text.Length / 4,
            },
        };
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The engine does not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
