namespace Rlm.Roslyn.Python;

/// <summary>
/// The sub-calls the guest's <c>_rlm.call(op, data)</c> sends; the numbers are shared with Guest/driver.py. The
/// driver's loop has its own host import (<c>rlm.next</c>), so no op here can end a block.
/// </summary>
internal enum HostOp
{
    /// <summary>Data: a prompt. Response: the sub-LM's reply.</summary>
    Llm = 1,

    /// <summary>Data: the prompts, packed (see <see cref="Packed"/>). Response: the replies, packed, in order.</summary>
    LlmBatched = 2,

    /// <summary>Data: the query and the context (or null), packed. Response: the child RLM's answer.</summary>
    Recurse = 3,
}
