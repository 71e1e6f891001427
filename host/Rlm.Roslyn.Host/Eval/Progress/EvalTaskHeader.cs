using System.Globalization;

namespace Rlm.Roslyn.Host.Eval;

/// <summary>Which task of the eval is running, and the running score of its method.</summary>
/// <param name="Position">The task's place among all task-method pairs, from 1.</param>
/// <param name="Total">All task-method pairs of the run (resumed ones included).</param>
/// <param name="Family">The task family's name.</param>
/// <param name="LengthTokens">The context length in tokens.</param>
/// <param name="Index">The task's index within its length.</param>
/// <param name="Method">The method answering it: rlm, base or bm25.</param>
/// <param name="Scored">Tasks this method answered so far in this run.</param>
/// <param name="MeanScore">Their mean score; null before the first.</param>
internal sealed record EvalTaskHeader(int Position, int Total, string Family, int LengthTokens, int Index, string Method, int Scored, double? MeanScore)
{
    /// <summary>The task's label as the per-task lines start, e.g. <c>[3/12] niah_single_1 16K #2 rlm</c>.</summary>
    public string Label => string.Create(CultureInfo.InvariantCulture, $"[{Position}/{Total}] {Family} {EvalTokens.Format(LengthTokens)} #{Index} {Method}");

    /// <summary>The running score, e.g. <c>rlm score so far 0.67 over 3</c> or <c>rlm: no score yet</c>.</summary>
    public string ScoreSoFar => MeanScore is { } mean
        ? string.Create(CultureInfo.InvariantCulture, $"{Method} score so far {mean:0.00} over {Scored}")
        : $"{Method}: no score yet";
}
