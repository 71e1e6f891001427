using System.Text.Json.Serialization;

namespace Rlm.Roslyn;

/// <summary>
/// One step of a run. Events of the whole tree come in one stream; <see cref="Path"/> and <see cref="Depth"/> say
/// where in the tree each happened ("0" is the root, "0.3" its third sub-call or child, "0.3.1" that child's first).
/// Serializes to JSON with a "type" discriminator.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(RunStartedEvent), "run_started")]
[JsonDerivedType(typeof(ModelReplyEvent), "turn")]
[JsonDerivedType(typeof(CodeEvent), "code")]
[JsonDerivedType(typeof(CodeOutputEvent), "output")]
[JsonDerivedType(typeof(SubCallStartedEvent), "subcall_started")]
[JsonDerivedType(typeof(SubCallCompletedEvent), "subcall_completed")]
[JsonDerivedType(typeof(UsageEvent), "usage")]
[JsonDerivedType(typeof(SessionResetEvent), "session_reset")]
[JsonDerivedType(typeof(FinalEvent), "final")]
[JsonDerivedType(typeof(ReplyDeltaEvent), "reply_delta")]
[JsonDerivedType(typeof(PromptEvent), "prompt")]
public abstract record RlmEvent
{
    /// <summary>Where in the run tree the event happened.</summary>
    public required string Path { get; init; }

    /// <summary>Depth of the RLM the event belongs to (0 for the root).</summary>
    public required int Depth { get; init; }

    /// <summary>When it happened.</summary>
    public DateTimeOffset Timestamp { get; init; } = DateTimeOffset.UtcNow;
}
