namespace Rlm.Roslyn;

/// <summary>
/// Settings of the retry middleware (<see cref="RetryingChatClientBuilderExtensions.UseRlmRetry"/>). Every value has a
/// documented default; <see cref="Validate"/> checks them once.
/// </summary>
public sealed record RlmRetryOptions
{
    /// <summary>Retries after the first attempt, for transient failures only. Default 4 (five attempts in all); 0 turns retries off.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>Backoff before the first retry; it doubles each time, up to <see cref="MaxDelay"/>, with random jitter of up to half. Default 1 s.</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest backoff between attempts. Default 30 s.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest Retry-After the middleware honours: it waits exactly what the endpoint asks, up to this; a longer
    /// request ends the retries with the failure. Default 120 s.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Time one attempt may take before it is cancelled and counted as a transient failure; null for no limit. Default 300 s.</summary>
    public TimeSpan? AttemptTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>
    /// Classifies provider-specific failures (for example an SDK's status exception with its Retry-After header);
    /// return null to fall back to the built-in rules: HTTP 408, 429 and 5xx, connection failures, timeouts and
    /// I/O errors are transient, anything else is not. Default null.
    /// </summary>
    public Func<Exception, RlmFailureClassification?>? Classify { get; init; }

    /// <summary>Source of jitter; null uses <see cref="Random.Shared"/>.</summary>
    public Random? Random { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for the first value out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries, nameof(MaxRetries));
        ArgumentOutOfRangeException.ThrowIfLessThan(InitialDelay, TimeSpan.Zero, nameof(InitialDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDelay, InitialDelay, nameof(MaxDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryAfter, TimeSpan.Zero, nameof(MaxRetryAfter));
        if (AttemptTimeout is { } timeout)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero, nameof(AttemptTimeout));
        }
    }
}
