namespace Rlm.Roslyn;

/// <summary>A snippet started a sub-call. Its <see cref="RlmEvent.Path"/> is the sub-call's own path.</summary>
public sealed record SubCallStartedEvent : RlmEvent
{
    /// <summary>Plain call or child RLM.</summary>
    public required SubCallKind Kind { get; init; }

    /// <summary>The prompt (or the child's question), cut to 500 chars.</summary>
    public required string Prompt { get; init; }

    /// <summary>Chars of prompt plus context sent.</summary>
    public required int PromptChars { get; init; }
}
