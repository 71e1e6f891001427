namespace Rlm.Roslyn.Host;

/// <summary>Bad arguments or configuration: the host prints the message on one line and exits with 2.</summary>
internal sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
