namespace Rlm.Roslyn;

/// <summary>Where C# snippets run (<see cref="RlmOptions.Isolation"/>). Python blocks always run in their WebAssembly sandbox.</summary>
public enum SnippetIsolation
{
    /// <summary>
    /// The default: <see cref="Process"/> where a worker can start on this machine (its assembly beside the engine's,
    /// the jail when <see cref="RlmOptions.WorkerJail"/> requires it, a policy that can cross to it), otherwise
    /// <see cref="InProcess"/>. <see cref="RlmOptions.ResolveIsolation"/> says which, and why not a worker.
    /// </summary>
    Auto,

    /// <summary>In this process, on a session thread of its own, guarded by the analyzer and the in-process limits only.</summary>
    InProcess,

    /// <summary>
    /// In a worker process started with a cleared environment, holding no API key, endpoint or HTTP client: sub-calls
    /// travel to this process over a pipe, which keeps the budget, the concurrency bound, the cache and the trace. A
    /// worker that crashes, or a block that runs past its time limit without answering, costs only the worker: the block
    /// is reported, the session starts over in a fresh worker and the model is told its variables are gone. On Linux the
    /// worker runs in a bubblewrap jail (no host files, no network, its own processes, an unprivileged user) unless
    /// <see cref="RlmOptions.WorkerJail"/> is <see cref="WorkerJail.Off"/>. Where no worker can start, runs fail with an
    /// <see cref="InvalidOperationException"/> that says why.
    /// </summary>
    Process,
}
