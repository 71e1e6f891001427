namespace Rlm.Roslyn.Host.Eval;

/// <summary>
/// Stable seeds for the generators. <see cref="HashCode.Combine{T1, T2}"/> is randomised per process, which would
/// give a resumed run different tasks under the same keys; this is FNV-1a over the values, the same everywhere.
/// </summary>
internal static class EvalSeed
{
    /// <summary>A non-negative seed mixed from <paramref name="values"/>.</summary>
    public static int Of(params ReadOnlySpan<int> values)
    {
        var hash = 14695981039346656037UL;
        foreach (var value in values)
        {
            for (var shift = 0; shift < 32; shift += 8)
            {
                hash ^= (byte)(value >> shift);
                hash *= 1099511628211UL;
            }
        }

        return (int)((hash ^ (hash >> 32)) & int.MaxValue);
    }
}
