using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Rlm.Roslyn;

/// <summary>
/// Middleware that retries transient failures (429, 5xx, timeouts, dropped connections) with exponential backoff and
/// jitter, waits what a Retry-After asks, and gives every attempt its own timeout. Failures that are not transient
/// pass through at once; a transient one that outlasts the retries becomes <see cref="RlmCallFailedException"/>.
/// A streaming call is retried only until its first update arrives.
/// </summary>
internal sealed class RetryingChatClient : DelegatingChatClient
{
    private readonly RlmRetryOptions _options;
    private readonly ILogger _logger;

    public RetryingChatClient(IChatClient innerClient, RlmRetryOptions options, ILogger? logger = null)
        : base(innerClient)
    {
        options.Validate();
        _options = options;
        _logger = logger ?? NullLogger.Instance;
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? [.. messages];
        for (var attempt = 1; ; attempt++)
        {
            using var attemptScope = AttemptScope(cancellationToken);
            try
            {
                return await base.GetResponseAsync(list, options, attemptScope.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                var delay = NextDelay(ex, attempt, attemptScope.IsCancellationRequested, out var failure);
                await Wait(delay, attempt, failure, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? [.. messages];
        for (var attempt = 1; ; attempt++)
        {
            // The attempt timeout covers the wait for the first update; after it, the stream is the caller's.
            IAsyncEnumerator<ChatResponseUpdate>? stream = null;
            ChatResponseUpdate? first = null;
            using (var attemptScope = AttemptScope(cancellationToken))
            {
                try
                {
                    stream = base.GetStreamingResponseAsync(list, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
                    var hasFirst = await stream.MoveNextAsync().AsTask().WaitAsync(attemptScope.Token).ConfigureAwait(false);
                    first = hasFirst ? stream.Current : null;
                    if (!hasFirst)
                    {
                        await stream.DisposeAsync().ConfigureAwait(false);
                        yield break;
                    }
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    if (stream is not null)
                    {
                        await stream.DisposeAsync().ConfigureAwait(false);
                    }

                    var delay = NextDelay(ex, attempt, attemptScope.IsCancellationRequested, out var failure);
                    await Wait(delay, attempt, failure, cancellationToken).ConfigureAwait(false);
                    continue;
                }
            }

            await using (stream.ConfigureAwait(false))
            {
                yield return first!;
                while (await stream.MoveNextAsync().ConfigureAwait(false))
                {
                    yield return stream.Current;
                }
            }

            yield break;
        }
    }

    /// <summary>A token for one attempt: the caller's, cancelled also after <see cref="RlmRetryOptions.AttemptTimeout"/>.</summary>
    private CancellationTokenSource AttemptScope(CancellationToken cancellationToken)
    {
        var scope = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_options.AttemptTimeout is { } timeout)
        {
            scope.CancelAfter(timeout);
        }

        return scope;
    }

    /// <summary>How long to wait before the next attempt; rethrows when there is none.</summary>
    private TimeSpan NextDelay(Exception exception, int attempt, bool timedOut, out string failure)
    {
        RlmFailureClassification classification;
        if (timedOut && exception is OperationCanceledException)
        {
            classification = RlmFailureClassification.Transient;
            failure = string.Create(CultureInfo.InvariantCulture, $"no answer within {_options.AttemptTimeout!.Value.TotalSeconds:0.###} s");
            exception = new TimeoutException($"The LM call got no answer within {_options.AttemptTimeout.Value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s.", exception);
        }
        else
        {
            classification = _options.Classify?.Invoke(exception) ?? TransientFailures.Classify(exception);
            failure = exception.Message;
        }

        if (!classification.IsTransient)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(exception);
        }

        if (attempt > _options.MaxRetries)
        {
            RetryLog.GaveUp(_logger, attempt, exception);
            throw new RlmCallFailedException($"The LM call failed after {attempt} attempt(s): {exception.Message}", exception) { Attempts = attempt };
        }

        if (classification.RetryAfter is { } retryAfter)
        {
            if (retryAfter > _options.MaxRetryAfter)
            {
                throw new RlmCallFailedException(
                    string.Create(CultureInfo.InvariantCulture, $"The LM call failed and the endpoint asked to wait {retryAfter.TotalSeconds:0.###} s, more than the {_options.MaxRetryAfter.TotalSeconds:0.###} s allowed: {exception.Message}"),
                    exception)
                { Attempts = attempt };
            }

            return retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter;
        }

        // Exponential backoff with "equal jitter": half fixed, half random, so concurrent callers spread out.
        var ceiling = Math.Min(_options.MaxDelay.TotalMilliseconds, _options.InitialDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        var random = _options.Random ?? Random.Shared;
        return TimeSpan.FromMilliseconds((ceiling / 2) + (random.NextDouble() * ceiling / 2));
    }

    private async Task Wait(TimeSpan delay, int attempt, string failure, CancellationToken cancellationToken)
    {
        RetryLog.Retrying(_logger, attempt, failure, delay.TotalMilliseconds);
        await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
    }
}
