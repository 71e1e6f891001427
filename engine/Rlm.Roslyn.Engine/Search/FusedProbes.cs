using System.Runtime.Intrinsics;

namespace Rlm.Roslyn;

/// <summary>
/// What the fused kernel's hot loop compares: two probe chars of the literal, then its first (up to 16) chars at once
/// (text OR <see cref="PrefixMask"/> equal to <see cref="PrefixValue"/> in the lanes of <see cref="PrefixLanes"/>), so
/// only steps holding a likely match leave the loop. The full comparison happens after; this is only a filter.
/// </summary>
/// <param name="First">The rarest char of the literal.</param>
/// <param name="Second">The next rarest (another char where there is one).</param>
/// <param name="PrefixValue">The literal's first chars, folded where <see cref="PrefixMask"/> is 0x20.</param>
/// <param name="PrefixMask">Per lane 0, or 0x20 where ignore-case equality is exactly equality after setting that bit.</param>
/// <param name="PrefixLanes">The lanes compared, as bits (a char with other case partners is left to the full comparison).</param>
internal readonly record struct FusedProbes(Probe First, Probe Second, Vector256<ushort> PrefixValue, Vector256<ushort> PrefixMask, uint PrefixLanes);
