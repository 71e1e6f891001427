namespace Rlm.Roslyn;

/// <summary>The marker <c>FINAL(answer)</c>: the answer is given as text.</summary>
/// <param name="Answer">The text between the parentheses, trimmed.</param>
internal sealed record FinalText(string Answer) : FinalMarker;
