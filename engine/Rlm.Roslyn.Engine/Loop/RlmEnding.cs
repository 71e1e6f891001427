namespace Rlm.Roslyn;

/// <summary>How a run ended.</summary>
public enum RlmEnding
{
    /// <summary>The model gave a final answer.</summary>
    Final,

    /// <summary>The iteration cap was reached; the answer is the model's best one from the history.</summary>
    IterationLimit,

    /// <summary>A root LM call failed; the answer is empty or partial and the reason says why.</summary>
    Error,

    /// <summary>
    /// A budget of the run tree (tokens, sub-calls, wall-clock time or cost; see <see cref="RlmBudget"/>) was used up;
    /// the answer is the best partial one and the reason names the limit.
    /// </summary>
    BudgetExhausted,
}
