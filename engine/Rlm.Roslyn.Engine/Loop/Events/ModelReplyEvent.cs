namespace Rlm.Roslyn;

/// <summary>The RLM's model replied: one turn.</summary>
public sealed record ModelReplyEvent : RlmEvent
{
    /// <summary>The turn, from 1; the forced answer after the iteration cap has MaxIterations + 1.</summary>
    public required int Iteration { get; init; }

    /// <summary>The reply text.</summary>
    public required string Text { get; init; }

    /// <summary>Usage of this one request.</summary>
    public required RlmUsage Usage { get; init; }
}
