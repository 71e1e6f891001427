using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;

namespace Rlm.Roslyn.Host;

/// <summary>Reads the OpenAI SDK's failures for the retry middleware: the HTTP status and the Retry-After headers.</summary>
internal static class OpenAIFailures
{
    /// <summary>
    /// A status exception: transient for 408, 429 and 5xx, with the wait the endpoint asked for. Null for anything
    /// else (including a status-0 exception, where no response came back), so the built-in rules look at the cause.
    /// </summary>
    public static RlmFailureClassification? Classify(Exception exception) =>
        exception is ClientResultException { Status: > 0 } failure
            ? new RlmFailureClassification(TransientFailures.IsTransientStatus(failure.Status), RetryAfter(failure.GetRawResponse()))
            : null;

    /// <summary>retry-after-ms (milliseconds), else Retry-After (seconds, or an HTTP date).</summary>
    public static TimeSpan? RetryAfter(PipelineResponse? response)
    {
        if (response is null)
        {
            return null;
        }

        if (response.Headers.TryGetValue("retry-after-ms", out var ms)
            && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds >= 0)
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        if (response.Headers.TryGetValue("Retry-After", out var text) && text is not null)
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
            {
                var wait = when - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }

        return null;
    }
}
