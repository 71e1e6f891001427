namespace Rlm.Roslyn;

/// <summary>A runtime limit that stops a snippet (besides its time limit).</summary>
public enum SnippetLimit
{
    /// <summary>Calls nested so deep the stack would overflow (which would kill the process).</summary>
    CallDepth,

    /// <summary>The managed heap grew past the snippet's budget.</summary>
    Memory,

    /// <summary>The snippet printed more than its output cap.</summary>
    Output,
}
