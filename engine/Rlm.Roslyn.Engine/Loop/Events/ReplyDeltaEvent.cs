namespace Rlm.Roslyn;

/// <summary>
/// A piece of an RLM's model reply as the model writes it (only when <see cref="RlmOptions.StreamReplies"/> is on).
/// The pieces of one turn, in order, concatenate to the <see cref="ModelReplyEvent.Text"/> that follows them.
/// </summary>
public sealed record ReplyDeltaEvent : RlmEvent
{
    /// <summary>The turn being written, from 1 (the forced answer after the iteration cap has MaxIterations + 1).</summary>
    public required int Iteration { get; init; }

    /// <summary>The new text.</summary>
    public required string Text { get; init; }
}
