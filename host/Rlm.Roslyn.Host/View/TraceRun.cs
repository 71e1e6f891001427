namespace Rlm.Roslyn.Host;

/// <summary>A node of the run tree: the root RLM, a child RLM, or a plain sub-LM call.</summary>
internal sealed class TraceRun(string path, int depth)
{
    public string Path { get; } = path;

    public int Depth { get; } = depth;

    /// <summary>"root", "recurse" (a child RLM) or "llm" (a plain sub-call).</summary>
    public string Kind { get; set; } = "root";

    /// <summary>The question (an RLM) or the prompt preview (a sub-call).</summary>
    public string? Query { get; set; }

    public long? ContextChars { get; set; }

    public long? DocumentCount { get; set; }

    public long? PromptChars { get; set; }

    public List<TraceTurn> Turns { get; } = [];

    /// <summary>What the sub-call returned to its snippet (cut to 500 chars by the engine).</summary>
    public string? Response { get; set; }

    public bool? Succeeded { get; set; }

    /// <summary>Usage of a plain sub-call.</summary>
    public TraceUsage CallUsage { get; set; }

    public double? ElapsedMs { get; set; }

    public string? Answer { get; set; }

    public string? Ending { get; set; }

    public string? Reason { get; set; }

    /// <summary>Sub-calls whose snippet is not in the trace (a trace cut short, or written by another tool).</summary>
    public List<TraceRun> LooseSubCalls { get; } = [];

    public bool IsFinished => Ending is not null || Succeeded is not null;

    /// <summary>This node's own usage plus that of every node below it.</summary>
    public TraceUsage TreeUsage =>
        Turns.Aggregate(CallUsage, (sum, t) => sum + t.Usage + t.Snippets.SelectMany(s => s.SubCalls).Aggregate(default(TraceUsage), (a, c) => a + c.TreeUsage))
        + LooseSubCalls.Aggregate(default(TraceUsage), (a, c) => a + c.TreeUsage);

    public IEnumerable<TraceRun> Children => Turns.SelectMany(t => t.Snippets).SelectMany(s => s.SubCalls).Concat(LooseSubCalls);
}
