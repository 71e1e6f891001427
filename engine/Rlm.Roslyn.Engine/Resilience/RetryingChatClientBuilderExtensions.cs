using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Rlm.Roslyn;

/// <summary>Adds retries and per-attempt timeouts to a <see cref="ChatClientBuilder"/> pipeline.</summary>
public static class RetryingChatClientBuilderExtensions
{
    /// <summary>
    /// Retries transient failures (HTTP 408, 429, 5xx, timeouts, dropped connections) with exponential backoff and
    /// jitter, honours Retry-After, and limits each attempt's time. A call that still fails throws
    /// <see cref="RlmCallFailedException"/>: the engine turns that into "Error: ..." for a sub-call and ends the run
    /// with the reason for a root call. Turn off the provider SDK's own retries underneath (for the OpenAI client,
    /// <c>RetryPolicy = new ClientRetryPolicy(0)</c>) so attempts do not multiply.
    /// </summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="options">Settings; null uses the defaults.</param>
    /// <param name="loggerFactory">Logs each retry at Warning; null logs nothing.</param>
    /// <returns>The builder.</returns>
    public static ChatClientBuilder UseRlmRetry(this ChatClientBuilder builder, RlmRetryOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = options ?? new RlmRetryOptions();
        settings.Validate();
        return builder.Use(inner => new RetryingChatClient(inner, settings, loggerFactory?.CreateLogger("Rlm.Roslyn.Retry")));
    }
}
