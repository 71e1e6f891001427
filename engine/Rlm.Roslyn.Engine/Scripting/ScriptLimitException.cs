namespace Rlm.Roslyn;

/// <summary>
/// Thrown into a snippet that hit a runtime limit. Catching it does not help: the limit stays tripped and the
/// next checkpoint throws again, so the snippet ends and the model is told which limit it hit.
/// </summary>
public sealed class ScriptLimitException : Exception
{
    /// <summary>Creates the exception for <paramref name="limit"/>.</summary>
    /// <param name="limit">The limit hit.</param>
    /// <param name="message">What happened and what to do instead.</param>
    public ScriptLimitException(SnippetLimit limit, string message)
        : base(message) => Limit = limit;

    /// <summary>Creates the exception.</summary>
    public ScriptLimitException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public ScriptLimitException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ScriptLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The limit hit.</summary>
    public SnippetLimit Limit { get; }
}
