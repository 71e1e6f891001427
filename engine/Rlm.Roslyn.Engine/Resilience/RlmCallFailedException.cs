namespace Rlm.Roslyn;

/// <summary>An LM call still failed after the retry middleware's last attempt. The inner exception is the last failure.</summary>
public sealed class RlmCallFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RlmCallFailedException()
        : base("The LM call failed.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened.</param>
    public RlmCallFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The last failure.</param>
    public RlmCallFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Attempts made.</summary>
    public int Attempts { get; init; }
}
