namespace Rlm.Roslyn.Python;

/// <summary>The requests the guest's <c>_rlm.call(op, data)</c> sends; the numbers are shared with Guest/driver.py.</summary>
internal enum HostOp
{
    /// <summary>Data: the reply to the last command (empty at startup). Response: the next command.</summary>
    Next = 0,

    /// <summary>Data: a prompt. Response: the sub-LM's reply.</summary>
    Llm = 1,

    /// <summary>Data: the prompts, packed (see <see cref="Packed"/>). Response: the replies, packed, in order.</summary>
    LlmBatched = 2,

    /// <summary>Data: the query and the context (or null), packed. Response: the child RLM's answer.</summary>
    Recurse = 3,
}
