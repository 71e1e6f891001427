using Microsoft.CodeAnalysis;

namespace Rlm.Roslyn;

/// <summary>
/// Decides, before a snippet runs, whether its compiled form may run. The sandbox's restricted-API analyzer
/// implements it; the engine runs it on every submission after a successful bind and before emitting.
/// </summary>
public interface ISubmissionPolicy
{
    /// <summary>Returns the refusals for this submission (empty when it may run).</summary>
    /// <param name="compilation">The submission's compilation, chained to the session's earlier ones.</param>
    /// <param name="tree">The submission's syntax tree, as compiled (with the engine's checkpoints injected).</param>
    /// <param name="cancellationToken">Cancels the analysis.</param>
    IReadOnlyList<Diagnostic> Analyze(Compilation compilation, SyntaxTree tree, CancellationToken cancellationToken = default);
}
