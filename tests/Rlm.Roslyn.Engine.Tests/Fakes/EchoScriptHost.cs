namespace Rlm.Roslyn.Tests.Fakes;

/// <summary>A script host whose sub-calls answer "echo: prompt" without any LM.</summary>
internal sealed class EchoScriptHost : IScriptHost
{
    public Task<string> LlmAsync(string prompt, CancellationToken cancellationToken) => Task.FromResult("echo: " + prompt);

    public Task<string> RecurseAsync(string query, RlmContext context, CancellationToken cancellationToken) =>
        Task.FromResult($"child: {query} over {context.Length} chars");

    public async Task<string[]> FanOutAsync(IReadOnlyList<Func<CancellationToken, Task<string>>> calls, CancellationToken cancellationToken) =>
        await Task.WhenAll(calls.Select(c => c(cancellationToken)));

    public static ScriptSession NewSession(string context = "line one\nline two\n", ScriptSessionOptions? options = null) =>
        new(new RlmGlobals(RlmContext.FromString(context), "the question", 0, new EchoScriptHost()), options);
}
