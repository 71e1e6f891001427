using Microsoft.CodeAnalysis;

namespace Rlm.Roslyn;

/// <summary>
/// The explicit opt-out of the restricted-API analyzer: every snippet that compiles runs. Snippets then have every
/// right of the process that runs them (in process: yours, API key included; in the isolated worker: the jail's),
/// and only the engine's runtime limits (time, call depth, memory, output) still apply. Use it for code you wrote
/// or trust, never for snippets a model writes over text you did not write.
/// </summary>
public sealed class TrustedCodePolicy : ISubmissionPolicy
{
    private TrustedCodePolicy()
    {
    }

    /// <summary>The one instance.</summary>
    public static TrustedCodePolicy Instance { get; } = new();

    /// <inheritdoc />
    public IReadOnlyList<Diagnostic> Analyze(Compilation compilation, SyntaxTree tree, CancellationToken cancellationToken = default) => [];
}
