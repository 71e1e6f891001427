using Rlm.Roslyn.Host.Eval;

namespace Rlm.Roslyn.Host.Tests.Eval;

/// <summary>A method answering by a function of the task (or throwing), counting its calls.</summary>
internal sealed class FakeEvalMethod(string name, Func<EvalTask, string> answer) : IEvalMethod
{
    private int _calls;

    public string Name => name;

    public int Calls => Volatile.Read(ref _calls);

    public Task<EvalAnswer> AnswerAsync(EvalTask task, IProgress<RlmEvent>? events, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult(new EvalAnswer(answer(task), new RlmUsage(1, 100, 10), 42, 1, "answered", null));
    }
}
