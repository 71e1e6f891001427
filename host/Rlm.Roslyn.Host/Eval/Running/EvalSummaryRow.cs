namespace Rlm.Roslyn.Host.Eval;

/// <summary>The mean outcome of one method at one length.</summary>
/// <param name="Method">The method.</param>
/// <param name="Length">The requested context length in tokens.</param>
/// <param name="Tasks">Tasks answered.</param>
/// <param name="Score">Mean score, from 0 to 1.</param>
/// <param name="InputTokens">Mean input tokens per task.</param>
/// <param name="OutputTokens">Mean output tokens per task.</param>
/// <param name="Cost">Mean cost per task; null when any result has no cost.</param>
/// <param name="Seconds">Mean seconds per task.</param>
internal sealed record EvalSummaryRow(string Method, int Length, int Tasks, double Score, double InputTokens, double OutputTokens, double? Cost, double Seconds);
