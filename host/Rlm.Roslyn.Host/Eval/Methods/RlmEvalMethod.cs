using Microsoft.Extensions.AI;

namespace Rlm.Roslyn.Host.Eval;

/// <summary>The engine: the root model writes C# against the task's context, with sub-calls.</summary>
internal sealed class RlmEvalMethod(IChatClient root, IChatClient sub, RlmOptions options) : IEvalMethod
{
    /// <inheritdoc />
    public string Name => "rlm";

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
