using System.Text.Json;

namespace Rlm.Roslyn.Host;

/// <summary>Usage as a trace records it (calls, tokens, and a cost when the run had prices for its models).</summary>
internal readonly record struct TraceUsage(long Calls, long InputTokens, long OutputTokens, decimal? Cost)
{
    public long TotalTokens => InputTokens + OutputTokens;

    public static TraceUsage operator +(TraceUsage left, TraceUsage right) => new(
        left.Calls + right.Calls,
        left.InputTokens + right.InputTokens,
        left.OutputTokens + right.OutputTokens,
        left.Cost is null && right.Cost is null ? null : (left.Cost ?? 0) + (right.Cost ?? 0));

    /// <summary>
    /// Reads a usage object ({"calls","inputTokens","outputTokens"} and the engine's "costUsd", or "cost"); anything else
    /// reads as zero. A cost of 0 (no prices given) reads as no cost, so pages without prices show none.
    /// </summary>
    public static TraceUsage From(JsonElement usage)
    {
        if (usage.ValueKind != JsonValueKind.Object)
        {
            return default;
        }

        return new TraceUsage(Long(usage, "calls"), Long(usage, "inputTokens"), Long(usage, "outputTokens"), Decimal(usage, "costUsd") ?? Decimal(usage, "cost"));
    }

    private static long Long(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : 0;

    private static decimal? Decimal(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var n) && n != 0 ? n : null;
}
