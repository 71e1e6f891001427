using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Rlm.Roslyn.Host;

/// <summary>Builds the root and sub <see cref="IChatClient"/> pipelines for an OpenAI-compatible endpoint.</summary>
internal static class ChatClientFactory
{
    /// <summary>
    /// An OpenAI chat client for <paramref name="model"/> behind the retry middleware. The SDK's own retries are
    /// off (<c>ClientRetryPolicy(0)</c>), so <paramref name="retry"/> alone decides how often a call is tried.
    /// </summary>
    public static IChatClient Create(EndpointSettings settings, string model, RlmRetryOptions? retry = null)
    {
        var retryOptions = (retry ?? new RlmRetryOptions()) with { Classify = OpenAIFailures.Classify };

        // The attempt timeout is the real limit; the transport's only backs it up.
        var networkTimeout = retryOptions.AttemptTimeout is { } attempt && attempt + TimeSpan.FromMinutes(1) > TimeSpan.FromMinutes(10)
            ? attempt + TimeSpan.FromMinutes(1)
            : TimeSpan.FromMinutes(10);
        var options = new OpenAIClientOptions
        {
            Endpoint = settings.Endpoint,
            NetworkTimeout = networkTimeout,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        var client = new OpenAI.Chat.ChatClient(model, new ApiKeyCredential(settings.ApiKey), options).AsIChatClient();

        // The composition point for cross-cutting middleware. The sub-call cache and the tree-wide concurrency bound
        // are the engine's (RlmOptions), so that they hold per run and see budgets.
        return client.AsBuilder().UseRlmRetry(retryOptions).Build();
    }
}
