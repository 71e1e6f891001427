namespace Rlm.Roslyn;

/// <summary>An RLM (root or child) finished. The root's is the last event of a run.</summary>
public sealed record FinalEvent : RlmEvent
{
    /// <summary>The outcome. For a child, usage is the whole tree's so far.</summary>
    public required RlmResult Result { get; init; }
}
