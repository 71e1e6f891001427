namespace Rlm.Roslyn;

/// <summary>
/// A final-answer text marker found in an LM reply, outside code blocks: <see cref="FinalText"/> for
/// <c>FINAL(answer)</c> or <see cref="FinalVariable"/> for <c>FINAL_VAR(name)</c>.
/// </summary>
internal abstract record FinalMarker;
