namespace Rlm.Roslyn;

/// <summary>How a sub-call the parent served ended.</summary>
internal enum WorkerReplyStatus : byte
{
    /// <summary>The call's text follows.</summary>
    Answered = 0,

    /// <summary>The call threw in the parent; its message follows (the snippet sees an <see cref="InvalidOperationException"/>).</summary>
    Failed = 1,

    /// <summary>The call was cancelled.</summary>
    Cancelled = 2,
}
