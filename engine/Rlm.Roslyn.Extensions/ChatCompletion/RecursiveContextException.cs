namespace Rlm.Roslyn;

/// <summary>
/// Thrown by <see cref="RecursiveContextChatClient"/> when the RLM run behind a request failed (its root model call
/// failed), as the inner client would throw for a failed call. <see cref="Result"/> holds what the run got to.
/// </summary>
public sealed class RecursiveContextException : Exception
{
    /// <summary>Creates the exception for a failed run.</summary>
    /// <param name="result">The run's outcome.</param>
    public RecursiveContextException(RlmResult result)
        : base($"The recursive context run failed: {result?.Reason ?? "no reason given"}")
    {
        ArgumentNullException.ThrowIfNull(result);
        Result = result;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public RecursiveContextException()
        : this("The recursive context run failed.")
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    /// <param name="message">What went wrong.</param>
    public RecursiveContextException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public RecursiveContextException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The failed run's outcome (ending <see cref="RlmEnding.Error"/>, with its reason); null when not created from a run.</summary>
    public RlmResult? Result { get; }
}
