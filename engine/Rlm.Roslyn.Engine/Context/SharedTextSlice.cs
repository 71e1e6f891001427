namespace Rlm.Roslyn;

/// <summary>Where a context's text lies in shared memory: chars <c>[Start, Start + Length)</c> of <see cref="Memory"/>.</summary>
/// <param name="Memory">The sealed shared mapping (and, in the loading process, its file).</param>
/// <param name="Start">The context's first char within it.</param>
/// <param name="Length">The context's length in chars.</param>
internal readonly record struct SharedTextSlice(SharedTextMemory Memory, int Start, int Length);
