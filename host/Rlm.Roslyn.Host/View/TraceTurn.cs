namespace Rlm.Roslyn.Host;

/// <summary>One turn of an RLM: what it was sent, what its model replied, the code blocks that ran.</summary>
internal sealed class TraceTurn(int iteration)
{
    public int Iteration { get; } = iteration;

    /// <summary>The messages sent for this turn (only in traces written with prompts).</summary>
    public List<PromptMessage> Prompt { get; } = [];

    public string? Reply { get; set; }

    public TraceUsage Usage { get; set; }

    public List<TraceSnippet> Snippets { get; } = [];

    /// <summary>Session resets and other notes about the turn.</summary>
    public List<string> Notes { get; } = [];
}
