namespace Rlm.Roslyn;

/// <summary>A snippet had to be abandoned and the RLM's session was replaced; its variables are gone.</summary>
public sealed record SessionResetEvent : RlmEvent
{
    /// <summary>Why.</summary>
    public required string Reason { get; init; }
}
