using System.ClientModel;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Rlm.Roslyn.Host;

/// <summary>Builds the root and sub <see cref="IChatClient"/> pipelines for an OpenAI-compatible endpoint.</summary>
internal static class ChatClientFactory
{
    public static IChatClient Create(EndpointSettings settings, string model)
    {
        var options = new OpenAIClientOptions { Endpoint = settings.Endpoint, NetworkTimeout = TimeSpan.FromMinutes(10) };
        var client = new OpenAI.Chat.ChatClient(model, new ApiKeyCredential(settings.ApiKey), options).AsIChatClient();

        // The composition point for cross-cutting middleware (retries, caching, telemetry).
        return client.AsBuilder().Build();
    }
}
