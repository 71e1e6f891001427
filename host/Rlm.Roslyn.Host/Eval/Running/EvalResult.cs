namespace Rlm.Roslyn.Host.Eval;

/// <summary>One line of a task's JSONL results: one task answered by one method.</summary>
/// <param name="Task">The family name.</param>
/// <param name="Method">rlm, base or bm25.</param>
/// <param name="Model">The root model (the only model for base and bm25).</param>
/// <param name="SubModel">The sub-model (rlm only; null otherwise).</param>
/// <param name="Length">The requested context length in tokens.</param>
/// <param name="Index">The task's number within its length.</param>
/// <param name="Seed">The generator seed.</param>
/// <param name="ContextTokens">The generated context's size in approximate tokens.</param>
/// <param name="PromptTokens">Approximate tokens the method sent in its largest single prompt it built itself (the question alone for rlm).</param>
/// <param name="Question">The question asked.</param>
/// <param name="Answer">The method's answer.</param>
/// <param name="Gold">The gold answer.</param>
/// <param name="Score">The score, from 0 to 1.</param>
/// <param name="Calls">LM calls made.</param>
/// <param name="InputTokens">Input tokens the endpoint reported.</param>
/// <param name="OutputTokens">Output tokens the endpoint reported.</param>
/// <param name="Cost">Cost in the currency of --input-price/--output-price; null when no prices were given.</param>
/// <param name="Seconds">Wall-clock seconds the method took.</param>
/// <param name="Iterations">Root turns (1 for single-call methods).</param>
/// <param name="Ending">How the method ended.</param>
/// <param name="Note">What the method did to the context (cut, retrieved), or why a run ended early; null when nothing.</param>
internal sealed record EvalResult(
    string Task,
    string Method,
    string Model,
    string? SubModel,
    int Length,
    int Index,
    int Seed,
    int ContextTokens,
    int PromptTokens,
    string Question,
    string Answer,
    string Gold,
    double Score,
    long Calls,
    long InputTokens,
    long OutputTokens,
    double? Cost,
    double Seconds,
    int Iterations,
    string Ending,
    string? Note)
{
    /// <summary>What identifies a result for resuming: the same method, model, length, index and seed is the same task.</summary>
    public string Key => MakeKey(Method, Model, Length, Index, Seed);

    /// <summary>The resume key of a task.</summary>
    public static string MakeKey(string method, string model, int length, int index, int seed) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{method}|{model}|{length}|{index}|{seed}");
}
