namespace Rlm.Roslyn;

/// <summary>LM usage: calls made and tokens reported by the endpoint.</summary>
/// <param name="Calls">LM requests made (cache hits are not requests: see <see cref="CacheHits"/>).</param>
/// <param name="InputTokens">Input (prompt) tokens reported.</param>
/// <param name="OutputTokens">Output (completion) tokens reported.</param>
public readonly record struct RlmUsage(long Calls, long InputTokens, long OutputTokens)
{
    /// <summary>Input plus output tokens.</summary>
    public long TotalTokens => InputTokens + OutputTokens;

    /// <summary>Cost in US dollars of <see cref="InputTokens"/> and <see cref="OutputTokens"/> from <see cref="RlmOptions.Prices"/>; 0 for models without a price.</summary>
    public decimal CostUsd { get; init; }

    /// <summary>Sub-calls answered from the sub-call cache instead of the endpoint.</summary>
    public long CacheHits { get; init; }

    /// <summary>Input tokens the cache hits would have cost (as reported when the answer was first fetched).</summary>
    public long SavedInputTokens { get; init; }

    /// <summary>Output tokens the cache hits would have cost.</summary>
    public long SavedOutputTokens { get; init; }

    /// <summary>Dollars the cache hits would have cost, from the same price table.</summary>
    public decimal SavedCostUsd { get; init; }

    /// <summary>Adds two usages, every field.</summary>
    public static RlmUsage operator +(RlmUsage left, RlmUsage right) =>
        new(left.Calls + right.Calls, left.InputTokens + right.InputTokens, left.OutputTokens + right.OutputTokens)
        {
            CostUsd = left.CostUsd + right.CostUsd,
            CacheHits = left.CacheHits + right.CacheHits,
            SavedInputTokens = left.SavedInputTokens + right.SavedInputTokens,
            SavedOutputTokens = left.SavedOutputTokens + right.SavedOutputTokens,
            SavedCostUsd = left.SavedCostUsd + right.SavedCostUsd,
        };

    /// <summary>Adds two usages.</summary>
    public static RlmUsage Add(RlmUsage left, RlmUsage right) => left + right;
}
