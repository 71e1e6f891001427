namespace Rlm.Roslyn;

/// <summary>What a sub-call is.</summary>
public enum SubCallKind
{
    /// <summary>A plain sub-LM call (Llm, LlmMany, Summarize, or Recurse at the maximum depth).</summary>
    Llm,

    /// <summary>A child RLM with its own session (Recurse, RecurseMany).</summary>
    Recurse,
}
