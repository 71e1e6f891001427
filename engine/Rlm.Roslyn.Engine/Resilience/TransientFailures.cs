using System.Net;
using System.Net.Sockets;

namespace Rlm.Roslyn;

/// <summary>The built-in rules for which failures are worth retrying; they look through inner exceptions.</summary>
internal static class TransientFailures
{
    public static RlmFailureClassification Classify(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case HttpRequestException { StatusCode: null }:
                    return RlmFailureClassification.Transient;
                case HttpRequestException { StatusCode: { } status }:
                    return IsTransientStatus((int)status) ? RlmFailureClassification.Transient : RlmFailureClassification.Permanent;
                case TimeoutException or SocketException or IOException:
                    return RlmFailureClassification.Transient;
            }
        }

        return RlmFailureClassification.Permanent;
    }

    /// <summary>408 request timeout, 429 too many requests, and every 5xx.</summary>
    public static bool IsTransientStatus(int status) =>
        status is (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.TooManyRequests or >= 500 and <= 599;
}
