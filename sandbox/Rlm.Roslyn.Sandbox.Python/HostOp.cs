namespace Rlm.Roslyn.Python;

/// <summary>The requests the guest's <c>_rlm.call(op, data)</c> sends; the numbers are shared with Guest/driver.py.</summary>
internal enum HostOp
{
    /// <summary>Data: the reply to the last command (empty at startup). Response: the next command.</summary>
    Next = 0,

    /// <summary>Data: a prompt. Response: the sub-LM's reply.</summary>
    Llm = 1,

    /// <summary>Data: a JSON array of prompts. Response: a JSON array of replies, in order.</summary>
    LlmBatched = 2,

    /// <summary>Data: JSON <c>{"query": str, "context": str|null}</c>. Response: the child RLM's answer.</summary>
    Recurse = 3,
}
