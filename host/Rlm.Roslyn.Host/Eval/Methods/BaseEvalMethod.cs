using Microsoft.Extensions.AI;

namespace Rlm.Roslyn.Host.Eval;

/// <summary>
/// The base model: the whole context in one call, cut to the window when it does not fit (the head is kept, as a
/// model's context limit would), and the result says so.
/// </summary>
internal sealed class BaseEvalMethod(IChatClient client, int windowTokens) : IEvalMethod
{
    /// <inheritdoc />
    public string Name => "base";

    /// <inheritdoc />
    public async Task<EvalAnswer> AnswerAsync(EvalTask task, IProgress<RlmEvent>? events, CancellationToken cancellationToken = default)
    {
        var budget = SingleCall.ContextBudgetChars(windowTokens, task.Question);
        var text = task.Context.Text;
        string? note = null;
        if (text.Length > budget)
        {
            note = string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"context cut from {EvalTokens.FromChars(text.Length):N0} to {EvalTokens.FromChars(budget):N0} tokens (--window {windowTokens:N0}); the rest was not sent");
            text = text[..budget];
        }

        var prompt = SingleCall.Prompt(text.ToString(), task.Question, note is null ? null : "the context was cut to fit the window");
        var (answer, usage) = await SingleCall.AskAsync(client, prompt, cancellationToken).ConfigureAwait(false);
        return new EvalAnswer(answer, usage, EvalTokens.FromChars(prompt.Length), 1, "answered", note);
    }
}
