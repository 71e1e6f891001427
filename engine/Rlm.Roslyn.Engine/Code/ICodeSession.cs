namespace Rlm.Roslyn;

/// <summary>
/// A persistent code session: what one block defines lives on in the next. The one shape through which the loop, the
/// REPL and <c>Python(code)</c> run code, whatever runs it: C# in a Roslyn session, Python in WebAssembly.
/// No method throws for anything the code does; only cancellation throws.
/// </summary>
public interface ICodeSession : IDisposable
{
    /// <summary>Runs one block of code.</summary>
    /// <param name="code">The block's source.</param>
    /// <param name="timeout">Wall-clock limit for the block, its sub-calls included.</param>
    /// <param name="cancellationToken">Stops the block.</param>
    /// <returns>How the block ended; <see cref="CodeRunResult.SessionReset"/> when the session had to start over.</returns>
    Task<CodeRunResult> RunAsync(string code, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>
    /// The session variable <paramref name="name"/> as answer text (for <c>FINAL_VAR</c>): a completed result whose
    /// <see cref="CodeRunResult.Value"/> is the text, or null when there is no such variable; any other outcome says
    /// why it could not be read (formatting it can run the session's own code, under the same limits as a block).
    /// </summary>
    /// <param name="name">The variable's name.</param>
    /// <param name="timeout">Wall-clock limit for the read.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    Task<CodeRunResult> ReadVariableAsync(string name, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>One line per session variable (name, type, a short preview) in <see cref="CodeRunResult.Value"/>.</summary>
    /// <param name="timeout">Wall-clock limit for the listing.</param>
    /// <param name="cancellationToken">Stops the listing.</param>
    Task<CodeRunResult> DescribeVariablesAsync(TimeSpan timeout, CancellationToken cancellationToken = default);
}
