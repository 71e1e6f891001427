namespace Rlm.Roslyn;

/// <summary>
/// What an RLM is about to send its model for one turn (only when <see cref="RlmOptions.EmitPrompts"/> is on): the
/// messages added since its previous request, so the prompt events of one RLM, with its replies in between, rebuild
/// its whole conversation. Turn 1 carries the system prompt and the first user message.
/// </summary>
public sealed record PromptEvent : RlmEvent
{
    /// <summary>The turn the request is for, from 1 (the forced answer after the iteration cap has MaxIterations + 1).</summary>
    public required int Iteration { get; init; }

    /// <summary>The new messages, in order.</summary>
    public required IReadOnlyList<PromptMessage> Messages { get; init; }
}
