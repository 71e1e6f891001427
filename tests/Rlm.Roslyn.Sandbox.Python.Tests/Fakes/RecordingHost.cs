using System.Collections.Concurrent;

namespace Rlm.Roslyn.Python.Tests.Fakes;

/// <summary>An ICodeSessionHost without any LM: llm answers "echo: prompt", rlm answers with the query and the context's length; every call is recorded.</summary>
internal sealed class RecordingHost : ICodeSessionHost
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public Func<string, CancellationToken, Task<string>>? Llm { get; init; }

    public Task<string> LlmAsync(string prompt, CancellationToken cancellationToken)
    {
        Calls.Enqueue("llm:" + prompt);
        return Llm?.Invoke(prompt, cancellationToken) ?? Task.FromResult("echo: " + prompt);
    }

    public async Task<string[]> LlmBatchedAsync(IReadOnlyList<string> prompts, CancellationToken cancellationToken)
    {
        Calls.Enqueue("batch:" + prompts.Count);
        return await Task.WhenAll(prompts.Select(p => LlmAsync(p, cancellationToken)));
    }

    public Task<string> RecurseAsync(string query, string context, CancellationToken cancellationToken)
    {
        Calls.Enqueue("rlm:" + query);
        return Task.FromResult($"child: {query} over {context.Length} chars");
    }
}
