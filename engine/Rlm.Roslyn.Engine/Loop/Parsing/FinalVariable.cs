namespace Rlm.Roslyn;

/// <summary>The marker <c>FINAL_VAR(name)</c>: the answer is the value of a session variable.</summary>
/// <param name="Name">The variable's name, trimmed and stripped of surrounding quotes or backticks; may be empty when the model wrote none.</param>
internal sealed record FinalVariable(string Name) : FinalMarker;
