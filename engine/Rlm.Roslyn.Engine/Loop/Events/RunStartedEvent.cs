namespace Rlm.Roslyn;

/// <summary>An RLM (root or child) started.</summary>
public sealed record RunStartedEvent : RlmEvent
{
    /// <summary>The question.</summary>
    public required string Query { get; init; }

    /// <summary>Chars in the context.</summary>
    public required int ContextChars { get; init; }

    /// <summary>Documents in the context.</summary>
    public required int DocumentCount { get; init; }
}
