namespace Rlm.Roslyn;

/// <summary>
/// How a snippet's own task ended, read on its thread under its scope: the trailing value formatted, or the exception
/// with its message and location. Only type checks of <see cref="Exception"/> are left for the host thread.
/// </summary>
/// <param name="Value">The formatted trailing value (or what an inspection read); null for none.</param>
/// <param name="Exception">What the snippet threw, if it threw.</param>
/// <param name="Message">The exception's message, read under the snippet's limits.</param>
/// <param name="Location">Where in the snippets it was thrown.</param>
internal sealed record SnippetEnd(string? Value, Exception? Exception, string? Message, string? Location)
{
    public static SnippetEnd Threw(Exception exception, string message, string? location) => new(null, exception, message, location);

    /// <summary>Runs <paramref name="read"/>; what it throws (a snippet's ToString, a tripped limit) is reported, never rethrown.</summary>
    public static SnippetEnd Read(Func<string?> read)
    {
        try
        {
            return new SnippetEnd(read(), null, null, null);
        }
#pragma warning disable CA1031 // Code the snippet defined threw while being read: that is the snippet's fault, reported as its error.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return Threw(exception, MessageOf(exception), null);
        }
    }

    /// <summary>An exception's message; a <c>Message</c> the snippet overrode may itself throw.</summary>
    public static string MessageOf(Exception exception)
    {
        try
        {
            return exception.Message;
        }
#pragma warning disable CA1031 // The snippet's own Message getter failed: say so instead of failing the host.
        catch (Exception inner)
#pragma warning restore CA1031
        {
            return $"(its Message threw {inner.GetType().FullName})";
        }
    }
}
