namespace Rlm.Roslyn;

/// <summary>A compile error or policy refusal, located in the snippet the model wrote (1-based line and column).</summary>
/// <param name="Id">The diagnostic id, for example CS0103.</param>
/// <param name="Line">1-based line in the snippet.</param>
/// <param name="Column">1-based column in the snippet.</param>
/// <param name="Message">What is wrong, and for policy refusals what to use instead.</param>
public sealed record SnippetDiagnostic(string Id, int Line, int Column, string Message)
{
    /// <summary>Formats as <c>(line,col): error ID: message</c>.</summary>
    public override string ToString() => $"({Line},{Column}): error {Id}: {Message}";
}
