using Microsoft.CodeAnalysis;

namespace Rlm.Roslyn.Sandbox.Tests.Corpus;

/// <summary>
/// Wraps the policy for snippets that must be refused: once <see cref="Armed"/>, if the real policy lets a snippet
/// through, this one still refuses it (with id ESCAPE), so an escape fails its test instead of running and perhaps
/// killing the test process.
/// </summary>
internal sealed class FailClosedPolicy(ISubmissionPolicy inner) : ISubmissionPolicy
{
#pragma warning disable RS2008 // Release tracking is for shipped analyzers; this descriptor lives only in tests.
    private static readonly DiagnosticDescriptor Escape = new("ESCAPE", "Escape", "The policy let this snippet through", "Test", DiagnosticSeverity.Error, true);
#pragma warning restore RS2008

    public bool Armed { get; set; }

    public IReadOnlyList<Diagnostic> Analyze(Compilation compilation, SyntaxTree tree, CancellationToken cancellationToken = default)
    {
        var refusals = inner.Analyze(compilation, tree, cancellationToken);
        return refusals.Count > 0 || !Armed ? refusals : [Diagnostic.Create(Escape, Location.None)];
    }
}
