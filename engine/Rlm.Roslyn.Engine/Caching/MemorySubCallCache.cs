using System.Collections.Concurrent;

namespace Rlm.Roslyn;

/// <summary>A sub-call cache in memory: what a run uses unless told otherwise. Thread-safe; lives as long as the instance.</summary>
public sealed class MemorySubCallCache : ISubCallCache
{
    private readonly ConcurrentDictionary<string, CachedReply> _entries = new(StringComparer.Ordinal);

    /// <summary>Answers stored.</summary>
    public int Count => _entries.Count;

    /// <inheritdoc/>
    public ValueTask<CachedReply?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_entries.TryGetValue(key, out var reply) ? reply : null);

    /// <inheritdoc/>
    public ValueTask SetAsync(string key, CachedReply reply, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(reply);
        _entries[key] = reply;
        return ValueTask.CompletedTask;
    }
}
