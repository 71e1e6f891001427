namespace Rlm.Roslyn;

/// <summary>One char of a literal the fused kernel compares: text chars OR-ed with <see cref="Mask"/> must equal <see cref="Value"/>.</summary>
/// <param name="Offset">The char's offset in the literal.</param>
/// <param name="Value">The char (folded to lower case when <see cref="Mask"/> is 0x20).</param>
/// <param name="Mask">0, or 0x20 when exactly the chars equal to <see cref="Value"/> after setting that bit match ignoring case.</param>
internal readonly record struct Probe(int Offset, ushort Value, ushort Mask);
