namespace Rlm.Roslyn;

/// <summary>The sub-LM callbacks of a Python REPL session with no endpoint: every call answers <paramref name="error"/>.</summary>
/// <param name="error">The text each call returns.</param>
internal sealed class NoEndpointCodeHost(string error) : ICodeSessionHost
{
    /// <inheritdoc/>
    public Task<string> LlmAsync(string prompt, CancellationToken cancellationToken) => Task.FromResult(error);

    /// <inheritdoc/>
    public Task<string[]> LlmBatchedAsync(IReadOnlyList<string> prompts, CancellationToken cancellationToken) =>
        Task.FromResult(prompts.Select(_ => error).ToArray());

    /// <inheritdoc/>
    public Task<string> RecurseAsync(string query, string context, CancellationToken cancellationToken) => Task.FromResult(error);
}
