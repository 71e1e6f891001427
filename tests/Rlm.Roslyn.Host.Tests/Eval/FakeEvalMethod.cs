using Rlm.Roslyn.Host.Eval;

namespace Rlm.Roslyn.Host.Tests.Eval;

/// <summary>A method answering by a function of the task (or throwing), counting its calls.</summary>
internal sealed class FakeEvalMethod(string name, Func<EvalTask, string> answer) : IEvalMethod
{
    private int _calls;

    public string Name => name;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Runs before the answer with the progress the runner passed (null when it wants no run events), e.g. to report a run's events.</summary>
    public Func<EvalTask, IProgress<RlmEvent>?, Task>? Before { get; init; }

    /// <summary>Whether the runner passed a progress sink on the last call.</summary>
    public bool GotEvents { get; private set; }

    public async Task<EvalAnswer> AnswerAsync(EvalTask task, IProgress<RlmEvent>? events, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        GotEvents = events is not null;
        if (Before is not null)
        {
            await Before(task, events);
        }

        return new EvalAnswer(answer(task), new RlmUsage(1, 100, 10), 42, 1, "answered", null);
    }
}
