namespace Rlm.Roslyn;

/// <summary>
/// Limits that hold across a whole run tree: the root, its sub-calls and every child RLM draw on one pool, so a
/// child only gets what its parent has left. Null means no limit (the default for each). Each limit is checked
/// before every LM call, so calls already in flight when it is reached still finish and are counted; the run
/// then ends with <see cref="RlmEnding.BudgetExhausted"/>, its best partial answer and the reason.
/// </summary>
public sealed record RlmBudget
{
    /// <summary>No limits.</summary>
    public static RlmBudget Unlimited { get; } = new();

    /// <summary>Input (prompt) tokens of the whole tree. Default: no limit.</summary>
    public long? MaxInputTokens { get; init; }

    /// <summary>Output (completion) tokens of the whole tree. Default: no limit.</summary>
    public long? MaxOutputTokens { get; init; }

    /// <summary>Input plus output tokens of the whole tree. Default: no limit.</summary>
    public long? MaxTotalTokens { get; init; }

    /// <summary>
    /// Sub-LM requests the tree may start: plain calls (Llm, LlmMany, Map, Summarize) and every turn of every child
    /// RLM, cache hits included. Exact: the tree never starts more. Default: no limit.
    /// </summary>
    public long? MaxSubCalls { get; init; }

    /// <summary>Wall-clock time of the whole run (at most 30 days); when it passes, calls in flight are cancelled. Default: no limit.</summary>
    public TimeSpan? MaxWallClock { get; init; }

    /// <summary>Cost in US dollars from <see cref="RlmOptions.Prices"/> (models without a price cost 0). Default: no limit.</summary>
    public decimal? MaxCostUsd { get; init; }

    /// <summary>True when no limit is set.</summary>
    public bool IsUnlimited => this == Unlimited;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for the first limit that is not positive.</summary>
    public void Validate()
    {
        Positive(MaxInputTokens, nameof(MaxInputTokens));
        Positive(MaxOutputTokens, nameof(MaxOutputTokens));
        Positive(MaxTotalTokens, nameof(MaxTotalTokens));
        if (MaxSubCalls is { } calls)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(calls, nameof(MaxSubCalls));
        }

        if (MaxWallClock is { } time)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(time, TimeSpan.Zero, nameof(MaxWallClock));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(time, TimeSpan.FromDays(30), nameof(MaxWallClock));
        }

        if (MaxCostUsd is { } cost)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(cost, 0m, nameof(MaxCostUsd));
        }
    }

    private static void Positive(long? value, string name)
    {
        if (value is { } v)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(v, 1, name);
        }
    }
}
