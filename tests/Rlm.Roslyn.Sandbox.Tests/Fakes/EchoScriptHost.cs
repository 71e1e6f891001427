namespace Rlm.Roslyn.Sandbox.Tests.Fakes;

/// <summary>A script host whose sub-calls answer without any LM: "echo: prompt" and "child: query over N chars".</summary>
internal sealed class EchoScriptHost : IScriptHost
{
    public Task<string> LlmAsync(string prompt, CancellationToken cancellationToken) => Task.FromResult("echo: " + prompt);

    public Task<string> RecurseAsync(string query, RlmContext context, CancellationToken cancellationToken) =>
        Task.FromResult($"child: {query} over {context.Length} chars");

    public async Task<string[]> FanOutAsync(IReadOnlyList<Func<CancellationToken, Task<string>>> calls, CancellationToken cancellationToken) =>
        await Task.WhenAll(calls.Select(c => c(cancellationToken)));
}
