namespace Rlm.Roslyn;

/// <summary>
/// A persistent session of a language other than C#: what one block defines lives on in the next, within a run.
/// </summary>
public interface ICodeSession : IDisposable
{
    /// <summary>Runs one block of code; never throws for anything the code does (only for cancellation).</summary>
    /// <param name="code">The block's source.</param>
    /// <param name="timeout">Wall-clock limit for the block, its sub-calls included.</param>
    /// <param name="cancellationToken">Stops the block.</param>
    Task<CodeRunResult> RunAsync(string code, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>The session variable <paramref name="name"/> as text (for <c>FINAL_VAR</c>), or <see langword="null"/> when there is none.</summary>
    /// <param name="name">The variable's name.</param>
    /// <param name="cancellationToken">Stops the lookup.</param>
    Task<string?> GetVariableAsync(string name, CancellationToken cancellationToken = default);
}
