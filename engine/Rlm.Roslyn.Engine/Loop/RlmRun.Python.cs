namespace Rlm.Roslyn;

/// <summary>
/// The Python side of a run besides its loop (the one loop runs Python blocks through their <see cref="ICodeSession"/>):
/// the guest's callbacks (<see cref="ICodeSessionHost"/>), and the session behind <c>Python(code)</c> in C# runs.
/// </summary>
internal sealed partial class RlmRun : ICodeSessionHost
{
    private readonly PythonHelper _pythonHelper = new(
        tree.Options.PythonSessions,
        "Python is not configured for this run (RlmOptions.PythonSessions is null; the rlm console enables it with --python or --language python).");

    Task<string[]> ICodeSessionHost.LlmBatchedAsync(IReadOnlyList<string> prompts, CancellationToken cancellationToken) =>
        FanOutAsync(prompts.Select(p => (Func<CancellationToken, Task<string>>)(ct => LlmAsync(p, ct))).ToList(), cancellationToken);

    Task<string> ICodeSessionHost.RecurseAsync(string query, string context, CancellationToken cancellationToken) =>
        RecurseAsync(query, RlmContext.FromString(context), cancellationToken);

    /// <summary><c>Python(code)</c> from a C# snippet: one Python session per run, started on first use.</summary>
    public Task<string> PythonAsync(string code, CancellationToken cancellationToken) =>
        _pythonHelper.RunAsync(code, tree.Options.SnippetTimeout, () => new CodeSessionSetup(context, query, this), cancellationToken);

    private void DisposePythonHelper() => _pythonHelper.Close();
}
