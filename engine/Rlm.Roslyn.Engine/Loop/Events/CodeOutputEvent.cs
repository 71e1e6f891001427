namespace Rlm.Roslyn;

/// <summary>A code block finished; <see cref="Output"/> is what the model is told about it (before truncation).</summary>
public sealed record CodeOutputEvent : RlmEvent
{
    /// <summary>The turn it came from.</summary>
    public required int Iteration { get; init; }

    /// <summary>Its position among the reply's runnable blocks, from 0.</summary>
    public required int Block { get; init; }

    /// <summary>How it ended.</summary>
    public required SnippetOutcome Outcome { get; init; }

    /// <summary>Output, diagnostics or exception text.</summary>
    public required string Output { get; init; }

    /// <summary>Compile and run time, in milliseconds.</summary>
    public required double ElapsedMs { get; init; }
}
