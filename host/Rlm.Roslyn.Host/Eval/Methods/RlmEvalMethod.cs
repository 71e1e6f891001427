using Microsoft.Extensions.AI;

namespace Rlm.Roslyn.Host.Eval;

/// <summary>
/// The engine: the root model writes code against the task's context, with sub-calls; C# as <c>rlm</c>, or Python as
/// <c>rlm-python</c> (<see cref="RlmOptions.Language"/>).
/// </summary>
/// <param name="root">The root model.</param>
/// <param name="sub">The model for sub-calls.</param>
/// <param name="options">The engine's options.</param>
/// <param name="name">The method's name in the results.</param>
internal sealed class RlmEvalMethod(IChatClient root, IChatClient sub, RlmOptions options, string name = "rlm") : IEvalMethod
{
    /// <inheritdoc />
    public string Name => name;

    /// <inheritdoc />
    public async Task<EvalAnswer> AnswerAsync(EvalTask task, IProgress<RlmEvent>? events, CancellationToken cancellationToken = default)
    {
        var engine = new RlmEngine(root, sub, options);
        RlmResult? final = null;
        await foreach (var e in engine.RunStreamingAsync(task.Question, task.Context, cancellationToken).ConfigureAwait(false))
        {
            events?.Report(e);
            if (e is FinalEvent { Depth: 0 } end)
            {
                final = end.Result;
            }
        }

        var result = final ?? throw new InvalidOperationException("the run ended without a result");
        if (result.Ending == RlmEnding.Error && result.Answer.Length == 0)
        {
            throw new InvalidOperationException($"the run failed: {RlmCli.OneLine(result.Reason)}");
        }

        var ending = result.Ending switch
        {
            RlmEnding.Final => "final",
            RlmEnding.IterationLimit => "iteration_limit",
            _ => "error",
        };
        return new EvalAnswer(result.Answer, result.Usage, EvalTokens.FromChars(task.Question.Length), result.Iterations, ending, result.Reason is null ? null : RlmCli.OneLine(result.Reason));
    }
}
