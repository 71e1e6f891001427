namespace Rlm.Roslyn;

/// <summary>One match found by the scan, located but not yet turned into strings.</summary>
/// <param name="Offset">The match's offset in the context.</param>
/// <param name="Length">The match's length in chars.</param>
/// <param name="Line">1-based line within the match's document (within the context without documents); 0 when lines were not counted.</param>
/// <param name="LineStart">Offset of the first char of the line the match starts on.</param>
/// <param name="DocumentIndex">Index of the last document starting at or before the match, or -1.</param>
internal readonly record struct GrepMatch(int Offset, int Length, int Line, int LineStart, int DocumentIndex);
