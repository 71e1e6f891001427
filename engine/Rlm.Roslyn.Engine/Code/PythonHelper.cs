namespace Rlm.Roslyn;

/// <summary>
/// The Python session behind <c>Python(code)</c> in C# snippets: one per owner (a run, or a REPL), started on first use
/// and closed by its owner when it ends (a run at its end, a REPL when disposed). The session runs one block at a time
/// itself, so concurrent calls queue there.
/// </summary>
/// <param name="factory">Where sessions come from; null when Python is not configured.</param>
/// <param name="notConfigured">The error a call gets when <paramref name="factory"/> is null.</param>
internal sealed class PythonHelper(ICodeSessionFactory? factory, string notConfigured)
{
    private readonly Lock _lock = new();
    private ICodeSession? _session;

    /// <summary>Runs <paramref name="code"/> and returns what the model reads of it: output, trailing value or traceback.</summary>
    /// <param name="code">The Python block.</param>
    /// <param name="timeout">The block's time limit.</param>
    /// <param name="setup">The new session's context, question and callbacks (asked for on first use only).</param>
    /// <param name="cancellationToken">Stops the block.</param>
    /// <exception cref="InvalidOperationException">Python is not configured.</exception>
    public async Task<string> RunAsync(string code, TimeSpan timeout, Func<CodeSessionSetup> setup, CancellationToken cancellationToken)
    {
        if (factory is null)
        {
            throw new InvalidOperationException(notConfigured);
        }

        ICodeSession session;
        lock (_lock)
        {
            session = _session ??= factory.Create(setup());
        }

        var result = await session.RunAsync(code, timeout, cancellationToken).ConfigureAwait(false);
        return result.ToFeedback();
    }

    /// <summary>Ends the session, if one was started; a later call starts a new one.</summary>
    public void Close()
    {
        lock (_lock)
        {
            _session?.Dispose();
            _session = null;
        }
    }
}
