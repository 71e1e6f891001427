namespace Rlm.Roslyn;

/// <summary>The sub-calls a worker's snippets make through the parent (batches are made of these, bounded in the worker).</summary>
internal enum WorkerCallKind : byte
{
    /// <summary>One plain sub-LM call (prompt).</summary>
    Llm = 1,

    /// <summary>A child RLM (query, document name, context text).</summary>
    Recurse = 2,

    /// <summary><c>Python(code)</c>.</summary>
    Python = 3,
}
