using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace Rlm.Roslyn;

/// <summary>
/// Middleware that answers identical requests (same model, messages and options) from an <see cref="ISubCallCache"/>.
/// Identical requests in flight at once go to the endpoint once; the others wait for that answer. A cached answer
/// carries its original usage and is marked in <see cref="ChatResponse.AdditionalProperties"/> so the engine counts it
/// as a hit (saved tokens) rather than as spent tokens. Streaming requests pass through uncached.
/// </summary>
internal sealed class CachingChatClient(IChatClient innerClient, ISubCallCache cache) : DelegatingChatClient(innerClient)
{
    /// <summary>The <see cref="ChatResponse.AdditionalProperties"/> key set to true on an answer that came from the cache.</summary>
    public const string CacheHitProperty = "rlm.cache_hit";

    private readonly ConcurrentDictionary<string, Task<ChatResponse>> _inFlight = new(StringComparer.Ordinal);

    public ISubCallCache Cache { get; } = cache;

    /// <summary>True when <paramref name="response"/> was answered from a cache.</summary>
    public static bool IsCacheHit(ChatResponse response) =>
        response.AdditionalProperties?.TryGetValue(CacheHitProperty, out var value) == true && value is true;

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? [.. messages];
        var model = options?.ModelId ?? this.GetService<ChatClientMetadata>()?.DefaultModelId;
        var key = SubCallCacheKey.Compute(model, list, options);
        if (key is null)
        {
            return await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        }

        if (await Cache.GetAsync(key, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            return ToResponse(cached);
        }

        var mine = new TaskCompletionSource<ChatResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        var leader = _inFlight.GetOrAdd(key, mine.Task);
        if (leader != mine.Task)
        {
            try
            {
                return ToResponse(FromResponse(await leader.WaitAsync(cancellationToken).ConfigureAwait(false)));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The first caller was cancelled, this one was not: ask the endpoint itself.
                return await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
            }
        }

        try
        {
            var response = await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
            if (response.Text is { } text && response.FinishReason != ChatFinishReason.ContentFilter)
            {
                await Cache.SetAsync(key, FromResponse(response), CancellationToken.None).ConfigureAwait(false);
            }

            mine.SetResult(response);
            return response;
        }
        catch (OperationCanceledException)
        {
            mine.SetCanceled(CancellationToken.None);
            throw;
        }
        catch (Exception ex)
        {
            mine.SetException(ex);
            _ = mine.Task.Exception; // observed: no waiter may be there to see it
            throw;
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<string, Task<ChatResponse>>(key, mine.Task));
        }
    }

    private static CachedReply FromResponse(ChatResponse response) =>
        new(response.Text ?? string.Empty, response.ModelId, response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0, response.FinishReason?.Value);

    private static ChatResponse ToResponse(CachedReply reply) =>
        new(new ChatMessage(ChatRole.Assistant, reply.Text))
        {
            ModelId = reply.ModelId,
            FinishReason = reply.FinishReason is { } reason ? new ChatFinishReason(reason) : null,
            Usage = new UsageDetails { InputTokenCount = reply.InputTokens, OutputTokenCount = reply.OutputTokens },
            AdditionalProperties = new AdditionalPropertiesDictionary { [CacheHitProperty] = true },
        };
}
