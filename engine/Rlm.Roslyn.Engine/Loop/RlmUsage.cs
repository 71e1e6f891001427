namespace Rlm.Roslyn;

/// <summary>LM usage: calls made and tokens reported by the endpoint.</summary>
/// <param name="Calls">LM requests made.</param>
/// <param name="InputTokens">Input (prompt) tokens reported.</param>
/// <param name="OutputTokens">Output (completion) tokens reported.</param>
public readonly record struct RlmUsage(long Calls, long InputTokens, long OutputTokens)
{
    /// <summary>Input plus output tokens.</summary>
    public long TotalTokens => InputTokens + OutputTokens;

    /// <summary>Adds two usages.</summary>
    public static RlmUsage operator +(RlmUsage left, RlmUsage right) =>
        new(left.Calls + right.Calls, left.InputTokens + right.InputTokens, left.OutputTokens + right.OutputTokens);

    /// <summary>Adds two usages.</summary>
    public static RlmUsage Add(RlmUsage left, RlmUsage right) => left + right;
}
