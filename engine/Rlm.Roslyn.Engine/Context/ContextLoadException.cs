namespace Rlm.Roslyn;

/// <summary>
/// Loading a context failed for a reason the user can fix: a missing path, a context over the size limit,
/// or nothing loadable. The message is one line, fit to show as is.
/// </summary>
public sealed class ContextLoadException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public ContextLoadException()
        : base("The context could not be loaded.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    /// <param name="message">A one-line description of what went wrong.</param>
    public ContextLoadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    /// <param name="message">A one-line description of what went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ContextLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
