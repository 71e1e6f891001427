namespace Rlm.Roslyn.Host;

/// <summary>One code block of a turn: its code, its output, and the sub-calls it started.</summary>
internal sealed class TraceSnippet(int block, string language, string code)
{
    public int Block { get; } = block;

    public string Language { get; } = language;

    public string Code { get; } = code;

    /// <summary>"completed", "compile_error", "runtime_error", "timeout", "limit"; null while it had not finished.</summary>
    public string? Outcome { get; set; }

    public string? Output { get; set; }

    public double? ElapsedMs { get; set; }

    public List<TraceRun> SubCalls { get; } = [];
}
