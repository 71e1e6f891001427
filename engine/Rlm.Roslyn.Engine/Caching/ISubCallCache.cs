namespace Rlm.Roslyn;

/// <summary>
/// Where the sub-call cache keeps answers, by key (a SHA-256 hex digest of the model, the messages and the options).
/// Implementations must be safe to call concurrently; a cache that cannot read or write should act as a miss, not throw.
/// </summary>
public interface ISubCallCache
{
    /// <summary>The answer stored under <paramref name="key"/>, or null.</summary>
    /// <param name="key">64 lowercase hex digits.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    ValueTask<CachedReply?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="reply"/> under <paramref name="key"/>, replacing what was there.</summary>
    /// <param name="key">64 lowercase hex digits.</param>
    /// <param name="reply">The answer.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    ValueTask SetAsync(string key, CachedReply reply, CancellationToken cancellationToken = default);
}
