namespace Rlm.Roslyn.Host;

/// <summary>One node of the live run tree: an RLM (root or child) or a plain sub-call, and what it is doing now.</summary>
internal sealed class ProgressNode(string path, int depth, ProgressNodeKind kind, DateTimeOffset started)
{
    public string Path { get; } = path;

    public int Depth { get; } = depth;

    public ProgressNodeKind Kind { get; set; } = kind;

    /// <summary>The question (an RLM) or the prompt (a sub-call), on one line.</summary>
    public string Label { get; set; } = "";

    /// <summary>What it is doing now, e.g. "turn 2: running block 1", or how it ended.</summary>
    public string Activity { get; set; } = "starting";

    /// <summary>The turn in progress (RLMs), from 1; 0 before the first.</summary>
    public int Turn { get; set; }

    /// <summary>Tokens of this node's own LM calls (its turns, or the one plain call).</summary>
    public long Tokens { get; set; }

    /// <summary>This node's own LM calls.</summary>
    public long Calls { get; set; }

    public DateTimeOffset Started { get; set; } = started;

    /// <summary>When it ended; null while it runs.</summary>
    public DateTimeOffset? Ended { get; set; }

    /// <summary>False when it failed; null while it runs.</summary>
    public bool? Succeeded { get; set; }

    /// <summary>Its answer or response once it ended (one line, shortened).</summary>
    public string? Result { get; set; }

    /// <summary>Chars of the reply being written (streamed replies only).</summary>
    public int ReplyChars { get; set; }

    public List<ProgressNode> Children { get; } = [];

    public bool IsRunning => Ended is null;

    /// <summary>Tokens of this node and every node below it.</summary>
    public long TreeTokens => Tokens + Children.Sum(c => c.TreeTokens);

    /// <summary>Sub-calls below this node still running.</summary>
    public int InFlight => Children.Sum(c => (c.IsRunning ? 1 : 0) + c.InFlight);
}
