namespace Rlm.Roslyn;

/// <summary>
/// The Python side of a run besides its loop (the one loop runs Python blocks through <see cref="PythonRunLanguage"/>):
/// the guest's callbacks (<see cref="ICodeSessionHost"/>), and the session behind <c>Python(code)</c> in C# runs.
/// </summary>
internal sealed partial class RlmRun : ICodeSessionHost
{
    private ICodeSession? _pythonHelper;
    private readonly Lock _pythonHelperLock = new();

    Task<string[]> ICodeSessionHost.LlmBatchedAsync(IReadOnlyList<string> prompts, CancellationToken cancellationToken) =>
        FanOutAsync(prompts.Select(p => (Func<CancellationToken, Task<string>>)(ct => LlmAsync(p, ct))).ToList(), cancellationToken);

    Task<string> ICodeSessionHost.RecurseAsync(string query, string context, CancellationToken cancellationToken) =>
        RecurseAsync(query, RlmContext.FromString(context), cancellationToken);

    /// <summary><c>Python(code)</c> from a C# snippet: one Python session per run, started on first use.</summary>
    public async Task<string> PythonAsync(string code, CancellationToken cancellationToken)
    {
        var factory = tree.Options.PythonSessions
            ?? throw new InvalidOperationException("Python is not configured for this run (RlmOptions.PythonSessions is null; the rlm console enables it with --python or --language python).");
        ICodeSession helper;
        lock (_pythonHelperLock)
        {
            // The session runs one block at a time itself, so concurrent Python(...) calls queue there.
            helper = _pythonHelper ??= factory.Create(new CodeSessionSetup(context, query, this));
        }

        var result = await helper.RunAsync(code, tree.Options.SnippetTimeout, cancellationToken).ConfigureAwait(false);
        return result.ToFeedback();
    }

    private void DisposePythonHelper()
    {
        lock (_pythonHelperLock)
        {
            _pythonHelper?.Dispose();
            _pythonHelper = null;
        }
    }
}
