namespace Rlm.Roslyn.Host.Eval;

/// <summary>One generated question over one context, with its gold answer and how to score it.</summary>
/// <param name="Family">The task family's name, for example <c>niah_single_1</c>.</param>
/// <param name="LengthTokens">The requested context length in tokens (the bucket the result is reported under).</param>
/// <param name="Index">The task's number within its length, from 0.</param>
/// <param name="Question">What the method is asked, answer format included.</param>
/// <param name="Gold">The expected answer, in the format the scorer reads.</param>
/// <param name="Scoring">How an answer is scored against <paramref name="Gold"/>.</param>
/// <param name="Context">The context the question is about.</param>
internal sealed record EvalTask(string Family, int LengthTokens, int Index, string Question, string Gold, EvalScoring Scoring, RlmContext Context)
{
    /// <summary>The context's size in approximate tokens (<see cref="EvalTokens.CharsPerToken"/> chars each).</summary>
    public int ContextTokens => EvalTokens.FromChars(Context.Length);
}
