namespace Rlm.Roslyn;

/// <summary>A sub-call finished.</summary>
public sealed record SubCallCompletedEvent : RlmEvent
{
    /// <summary>Plain call or child RLM.</summary>
    public required SubCallKind Kind { get; init; }

    /// <summary>False when it failed; the script then got "Error: ...".</summary>
    public required bool Succeeded { get; init; }

    /// <summary>The answer (or error), cut to 500 chars.</summary>
    public required string Response { get; init; }

    /// <summary>Usage of a plain call (a child's usage is reported by its own events).</summary>
    public required RlmUsage Usage { get; init; }

    /// <summary>Wall-clock time, in milliseconds.</summary>
    public required double ElapsedMs { get; init; }
}
