namespace Rlm.Roslyn.Host.Eval;

/// <summary>A task family: generates questions with gold answers, deterministically from a seed.</summary>
internal interface IEvalFamily
{
    /// <summary>The family's name, as typed after <c>rlm eval</c> and used for the result file.</summary>
    string Name { get; }

    /// <summary>Generates <paramref name="count"/> tasks over contexts of about <paramref name="lengthTokens"/> tokens; the same arguments give the same tasks.</summary>
    IEnumerable<EvalTask> Generate(int lengthTokens, int count, int seed);
}
