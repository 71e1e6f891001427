namespace Rlm.Roslyn.Host.Eval;

/// <summary>What an eval run did.</summary>
/// <param name="Ran">Tasks answered in this run.</param>
/// <param name="Resumed">Tasks skipped because their result was already in the JSONL file.</param>
/// <param name="Failed">Tasks that failed (not written; they run again next time).</param>
/// <param name="Rows">The summary over every result in the file.</param>
/// <param name="Elapsed">Wall-clock time of the run.</param>
/// <param name="PeakWorkingSetBytes">The process's peak working set at the end.</param>
internal sealed record EvalRunReport(int Ran, int Resumed, int Failed, IReadOnlyList<EvalSummaryRow> Rows, TimeSpan Elapsed, long PeakWorkingSetBytes);
