namespace Rlm.Roslyn;

/// <summary>A code block from the reply is about to run.</summary>
public sealed record CodeEvent : RlmEvent
{
    /// <summary>The turn it came from.</summary>
    public required int Iteration { get; init; }

    /// <summary>Its position among the reply's runnable blocks, from 0.</summary>
    public required int Block { get; init; }

    /// <summary>"csharp" or "python".</summary>
    public required string Language { get; init; }

    /// <summary>The code.</summary>
    public required string Code { get; init; }
}
