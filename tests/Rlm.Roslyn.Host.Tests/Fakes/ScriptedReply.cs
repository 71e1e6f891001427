using System.Globalization;

namespace Rlm.Roslyn.Host.Tests.Fakes;

/// <summary>What the <see cref="ScriptedOpenAIServer"/> answers to one request.</summary>
internal sealed record ScriptedReply
{
    private ScriptedReply(ScriptedReplyKind kind) => Kind = kind;

    public ScriptedReplyKind Kind { get; }

    /// <summary>The assistant text of a <see cref="ScriptedReplyKind.Text"/> reply.</summary>
    public string Content { get; private init; } = "";

    /// <summary>The HTTP status of an <see cref="ScriptedReplyKind.Error"/> reply.</summary>
    public int StatusCode { get; private init; } = 200;

    /// <summary>error.message of an error reply.</summary>
    public string ErrorMessage { get; init; } = "";

    /// <summary>error.type of an error reply.</summary>
    public string ErrorType { get; init; } = "";

    /// <summary>error.code of an error reply (null is written as JSON null).</summary>
    public string? ErrorCode { get; init; }

    /// <summary>When set, sent as Retry-After (whole seconds, rounded up) and retry-after-ms.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>How long the server waits before answering (cancelled if the client goes away).</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.Zero;

    public static ScriptedReply Text(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return new ScriptedReply(ScriptedReplyKind.Text) { Content = content };
    }

    /// <summary>An error status with an OpenAI-shaped body: {"error":{"message","type","param","code"}}.</summary>
    public static ScriptedReply Error(int statusCode, string message, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        ArgumentNullException.ThrowIfNull(message);
        var (type, code) = statusCode switch
        {
            401 => ("invalid_request_error", (string?)"invalid_api_key"),
            429 => ("requests", "rate_limit_exceeded"),
            >= 500 => ("server_error", null),
            _ => ("invalid_request_error", null),
        };
        return new ScriptedReply(ScriptedReplyKind.Error)
        {
            StatusCode = statusCode,
            ErrorMessage = message,
            ErrorType = type,
            ErrorCode = code,
            RetryAfter = retryAfter,
        };
    }

    /// <summary>429 with a Retry-After header.</summary>
    public static ScriptedReply RateLimited(TimeSpan retryAfter) =>
        Error(
            429,
            string.Create(
                CultureInfo.InvariantCulture,
                $"Rate limit reached for requests. Please try again in {retryAfter.TotalSeconds}s."),
            retryAfter);

    /// <summary>500 with a server_error body.</summary>
    public static ScriptedReply ServerError(string message = "The server had an error while processing your request.") =>
        Error(500, message);

    /// <summary>The server aborts the connection without answering.</summary>
    public static ScriptedReply DropConnection() => new(ScriptedReplyKind.DropConnection);

    /// <summary>The same reply, sent after <paramref name="delay"/>.</summary>
    public ScriptedReply After(TimeSpan delay) => this with { Delay = delay };
}
