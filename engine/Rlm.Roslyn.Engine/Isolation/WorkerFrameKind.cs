namespace Rlm.Roslyn;

/// <summary>What a frame between the parent and its worker carries.</summary>
internal enum WorkerFrameKind : byte
{
    /// <summary>Parent → worker, first: the settings every session shares (<see cref="WorkerHello"/>); answered by <see cref="Ready"/> with id 0 once the compiler is warm.</summary>
    Hello = 1,

    /// <summary>Parent → worker, after <see cref="Open"/>: the next piece of that session's context (the frame's id is the session's), as UTF-16 bytes.</summary>
    ContextChunk = 2,

    /// <summary>Parent → worker: run a block (session, code, timeout).</summary>
    Run = 3,

    /// <summary>Parent → worker: read a variable as answer text (session, name, timeout).</summary>
    ReadVariable = 4,

    /// <summary>Parent → worker: list the variables (session, timeout).</summary>
    DescribeVariables = 5,

    /// <summary>Parent → worker: cancel the operation with this frame's id.</summary>
    Cancel = 6,

    /// <summary>Parent → worker: the answer to the sub-call with this frame's id.</summary>
    SubCallReply = 7,

    /// <summary>Parent → worker: open a session with this frame's id (<see cref="WorkerSessionSetup"/>); its context follows in <see cref="ContextChunk"/> frames, and <see cref="Ready"/> with the same id answers.</summary>
    Open = 8,

    /// <summary>Parent → worker: close the session with this frame's id (its variables are dropped).</summary>
    Close = 9,

    /// <summary>Worker → parent: the worker is warm (id 0), or the session with this id has its context and is ready.</summary>
    Ready = 20,

    /// <summary>Worker → parent: how the operation with this id ended (a <see cref="CodeRunResult"/>).</summary>
    Result = 21,

    /// <summary>Worker → parent: the operation with this id was cancelled.</summary>
    Cancelled = 22,

    /// <summary>Worker → parent: a snippet's sub-call (its session, the <see cref="WorkerCallKind"/> and its arguments), answered by <see cref="SubCallReply"/>.</summary>
    SubCall = 23,

    /// <summary>Worker → parent: the snippet no longer waits for the sub-call with this id.</summary>
    SubCallCancel = 24,
}
