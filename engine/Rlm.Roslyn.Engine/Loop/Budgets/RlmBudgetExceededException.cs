namespace Rlm.Roslyn;

/// <summary>An LM call was refused because the run tree's budget is used up. Sub-calls turn it into "Error: ..." for the script.</summary>
internal sealed class RlmBudgetExceededException : Exception
{
    public RlmBudgetExceededException(string reason)
        : base($"budget exhausted: {reason}") => Reason = reason;

    public RlmBudgetExceededException()
        : this("the budget is used up")
    {
    }

    public RlmBudgetExceededException(string message, Exception innerException)
        : base(message, innerException) => Reason = message;

    /// <summary>Which limit, and by how much.</summary>
    public string Reason { get; }
}
