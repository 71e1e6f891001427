namespace Rlm.Roslyn.Benchmarks;

/// <summary>A script host with no language model: sub-calls answer at once with canned text.</summary>
internal sealed class NoLmScriptHost : IScriptHost
{
    public Task<string> LlmAsync(string prompt, CancellationToken cancellationToken) => Task.FromResult("echo: " + prompt);

    public Task<string> RecurseAsync(string query, RlmContext context, CancellationToken cancellationToken) =>
        Task.FromResult($"child: {query} over {context.Length} chars");

    public async Task<string[]> FanOutAsync(IReadOnlyList<Func<CancellationToken, Task<string>>> calls, CancellationToken cancellationToken) =>
        await Task.WhenAll(calls.Select(c => c(cancellationToken))).ConfigureAwait(false);

    /// <summary>A session over <paramref name="context"/> with fresh globals, as the loop creates one per run.</summary>
    public static ScriptSession NewSession(RlmContext context) =>
        new(new RlmGlobals(context, "How many errors are in the log, and which component logs most of them?", 0, new NoLmScriptHost()));
}
