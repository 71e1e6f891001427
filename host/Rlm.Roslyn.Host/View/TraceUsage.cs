using System.Text.Json;

namespace Rlm.Roslyn.Host;

/// <summary>Usage as a trace records it (calls, tokens, and a cost when some middleware put one there).</summary>
internal readonly record struct TraceUsage(long Calls, long InputTokens, long OutputTokens, decimal? Cost)
{
    public long TotalTokens => InputTokens + OutputTokens;

    public static TraceUsage operator +(TraceUsage left, TraceUsage right) => new(
        left.Calls + right.Calls,
        left.InputTokens + right.InputTokens,
        left.OutputTokens + right.OutputTokens,
        left.Cost is null && right.Cost is null ? null : (left.Cost ?? 0) + (right.Cost ?? 0));

    /// <summary>Reads a usage object ({"calls","inputTokens","outputTokens"} and an optional "cost"); anything else reads as zero.</summary>
    public static TraceUsage From(JsonElement usage)
    {
        if (usage.ValueKind != JsonValueKind.Object)
        {
            return default;
        }

        return new TraceUsage(Long(usage, "calls"), Long(usage, "inputTokens"), Long(usage, "outputTokens"), Decimal(usage, "cost"));
    }

    private static long Long(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : 0;

    private static decimal? Decimal(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var n) ? n : null;
}
