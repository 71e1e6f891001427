namespace Rlm.Roslyn.Host.Eval;

/// <summary>What a method answered and what it cost.</summary>
/// <param name="Answer">The answer text.</param>
/// <param name="Usage">LM calls and tokens.</param>
/// <param name="PromptTokens">Approximate tokens of context the method put in front of a model in one call (for rlm: the root's first prompt).</param>
/// <param name="Iterations">Root turns (1 for single-call methods).</param>
/// <param name="Ending">How the method ended: "final", "iteration_limit", "error" for rlm; "answered" for single calls.</param>
/// <param name="Note">What the method did to the context, for example "context cut from 1M to 128K tokens"; null when nothing.</param>
internal sealed record EvalAnswer(string Answer, RlmUsage Usage, int PromptTokens, int Iterations, string Ending, string? Note);
