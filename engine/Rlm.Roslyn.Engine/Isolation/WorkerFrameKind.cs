namespace Rlm.Roslyn;

/// <summary>What a frame between the parent and its worker carries.</summary>
internal enum WorkerFrameKind : byte
{
    /// <summary>Parent → worker, first: the session settings, the question and the document table (<see cref="WorkerInit"/>).</summary>
    Init = 1,

    /// <summary>Parent → worker, after <see cref="Init"/>: the next piece of the context, as UTF-16 bytes.</summary>
    ContextChunk = 2,

    /// <summary>Parent → worker: run a block (code, timeout).</summary>
    Run = 3,

    /// <summary>Parent → worker: read a variable as answer text (name, timeout).</summary>
    ReadVariable = 4,

    /// <summary>Parent → worker: list the variables (timeout).</summary>
    DescribeVariables = 5,

    /// <summary>Parent → worker: cancel the operation with this frame's id.</summary>
    Cancel = 6,

    /// <summary>Parent → worker: the answer to the sub-call with this frame's id.</summary>
    SubCallReply = 7,

    /// <summary>Worker → parent: the context is in, the session is ready.</summary>
    Ready = 20,

    /// <summary>Worker → parent: how the operation with this id ended (a <see cref="CodeRunResult"/>).</summary>
    Result = 21,

    /// <summary>Worker → parent: the operation with this id was cancelled.</summary>
    Cancelled = 22,

    /// <summary>Worker → parent: a snippet's sub-call (<see cref="WorkerCallKind"/> and its arguments), answered by <see cref="SubCallReply"/>.</summary>
    SubCall = 23,

    /// <summary>Worker → parent: the snippet no longer waits for the sub-call with this id.</summary>
    SubCallCancel = 24,
}
