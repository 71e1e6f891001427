using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Rlm.Roslyn.Tests.Fakes;

/// <summary>A submission policy that refuses every snippet at its first char, and counts how often it was asked.</summary>
internal sealed class RefuseEverythingPolicy : ISubmissionPolicy
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public IReadOnlyList<Diagnostic> Analyze(Compilation compilation, SyntaxTree tree, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        return
        [
            Diagnostic.Create(
                "RLMTEST", "Sandbox", "Refused by the test policy", DiagnosticSeverity.Error, DiagnosticSeverity.Error,
                isEnabledByDefault: true, warningLevel: 0, location: Location.Create(tree, new TextSpan(0, 0))),
        ];
    }
}
