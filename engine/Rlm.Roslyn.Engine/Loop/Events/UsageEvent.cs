namespace Rlm.Roslyn;

/// <summary>Usage of the whole tree so far, after each turn.</summary>
public sealed record UsageEvent : RlmEvent
{
    /// <summary>Totals so far.</summary>
    public required RlmUsage Total { get; init; }

    /// <summary>Totals so far by depth.</summary>
    public required IReadOnlyDictionary<int, RlmUsage> ByDepth { get; init; }

    /// <summary>Totals so far by model.</summary>
    public IReadOnlyDictionary<string, RlmUsage> ByModel { get; init; } = new Dictionary<string, RlmUsage>();
}
