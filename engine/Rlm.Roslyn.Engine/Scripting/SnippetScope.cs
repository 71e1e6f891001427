namespace Rlm.Roslyn;

/// <summary>What one running snippet owns: its cancellation (deadline included) and its captured output.</summary>
internal sealed class SnippetScope(CapturedOutput output, CancellationToken cancellationToken)
{
    public CapturedOutput Output { get; } = output;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Throws once the snippet is cancelled; every later call throws again, so a catch cannot swallow it.</summary>
    public void Check() => CancellationToken.ThrowIfCancellationRequested();
}
