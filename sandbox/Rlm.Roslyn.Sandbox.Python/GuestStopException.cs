namespace Rlm.Roslyn.Python;

/// <summary>Thrown from a host callback to end the guest: it becomes a Wasmtime trap that unwinds the whole interpreter.</summary>
internal sealed class GuestStopException : Exception
{
    public GuestStopException()
    {
    }

    public GuestStopException(string message)
        : base(message)
    {
    }

    public GuestStopException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
