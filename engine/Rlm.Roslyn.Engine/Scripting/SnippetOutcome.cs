namespace Rlm.Roslyn;

/// <summary>How a snippet ended.</summary>
public enum SnippetOutcome
{
    /// <summary>It ran to its end.</summary>
    Completed,

    /// <summary>It did not compile, or the submission policy refused it; nothing ran.</summary>
    CompileError,

    /// <summary>It threw an exception.</summary>
    RuntimeError,

    /// <summary>It ran past its time limit.</summary>
    Timeout,

    /// <summary>A runtime limit stopped it: call depth, memory or output.</summary>
    Limit,
}
