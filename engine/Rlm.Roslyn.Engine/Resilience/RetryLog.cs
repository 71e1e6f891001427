using Microsoft.Extensions.Logging;

namespace Rlm.Roslyn;

/// <summary>The retry middleware's log messages.</summary>
internal static partial class RetryLog
{
    [LoggerMessage(101, LogLevel.Warning, "LM call attempt {Attempt} failed ({Reason}); retrying in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, int attempt, string reason, double delayMs);

    [LoggerMessage(102, LogLevel.Warning, "LM call failed after {Attempts} attempt(s)")]
    public static partial void GaveUp(ILogger logger, int attempts, Exception exception);
}
