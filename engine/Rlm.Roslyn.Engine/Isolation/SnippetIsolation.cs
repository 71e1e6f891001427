namespace Rlm.Roslyn;

/// <summary>Where C# snippets run (<see cref="RlmOptions.Isolation"/>). Python blocks always run in their WebAssembly sandbox.</summary>
public enum SnippetIsolation
{
    /// <summary>In this process, on a session thread of its own (the default for now).</summary>
    InProcess,

    /// <summary>
    /// In a worker process started with a cleared environment, holding no API key, endpoint or HTTP client: sub-calls
    /// travel to this process over a pipe, which keeps the budget, the concurrency bound, the cache and the trace. A
    /// worker that crashes, or a block that runs past its time limit without answering, costs only the worker: the block
    /// is reported, the session starts over in a fresh worker and the model is told its variables are gone. On Linux the
    /// worker runs in a bubblewrap jail (no host files, no network, its own processes, an unprivileged user) unless
    /// <see cref="RlmOptions.WorkerJail"/> is <see cref="WorkerJail.Off"/>.
    /// </summary>
    Process,
}
