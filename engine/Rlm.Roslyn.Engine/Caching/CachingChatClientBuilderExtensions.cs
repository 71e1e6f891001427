using Microsoft.Extensions.AI;

namespace Rlm.Roslyn;

/// <summary>Adds the sub-call cache to a <see cref="ChatClientBuilder"/> pipeline.</summary>
public static class CachingChatClientBuilderExtensions
{
    /// <summary>
    /// Answers identical requests (same model, messages and options) from <paramref name="cache"/>; identical
    /// requests in flight at once reach the endpoint once. The engine already caches sub-calls per run
    /// (<see cref="RlmOptions.CacheSubCalls"/>); use this to cache another client, or put it before retries so a
    /// cached answer never waits on them.
    /// </summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="cache">Where answers live; null for a new <see cref="MemorySubCallCache"/>.</param>
    /// <returns>The builder.</returns>
    public static ChatClientBuilder UseRlmCache(this ChatClientBuilder builder, ISubCallCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new CachingChatClient(inner, cache ?? new MemorySubCallCache()));
    }
}
