using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rlm.Roslyn;

namespace Microsoft.Extensions.AI;

/// <summary>Adds <see cref="RecursiveContextChatClient"/> to a <see cref="ChatClientBuilder"/> pipeline.</summary>
public static class RecursiveContextChatClientBuilderExtensions
{
    /// <summary>
    /// Sends requests with long user content through a Recursive Language Model; shorter requests pass straight on.
    /// The client below this one in the pipeline is the root model of each run.
    /// </summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="options">
    /// When to route and how to run. Null takes them, in order, from <see cref="RlmServiceOptions"/> registered by
    /// <c>services.AddRlm(...)</c> when the pipeline is built with services, else the defaults; either way with the
    /// registered <see cref="ISubmissionPolicy"/>, if any, when the engine settings keep the default one.
    /// </param>
    /// <param name="subClient">
    /// The model for sub-calls and child RLMs. Null takes the client named by <see cref="RlmServiceOptions.SubClientKey"/>
    /// when the pipeline is built with services and a key is set, else the root model.
    /// </param>
    /// <param name="loggerFactory">Logging; null takes the services' <see cref="ILoggerFactory"/>, if any.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ChatClientBuilder UseRecursiveContext(this ChatClientBuilder builder, RecursiveContextOptions? options = null, IChatClient? subClient = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((innerClient, services) =>
        {
            var registered = services.GetService<IOptions<RlmServiceOptions>>()?.Value;
            var sub = subClient ?? (registered?.SubClientKey is { } key ? services.GetRequiredKeyedService<IChatClient>(key) : null);
            var resolved = options ?? registered?.ToRecursiveContextOptions() ?? new RecursiveContextOptions();
            if (options is null && ReferenceEquals(resolved.Engine.SubmissionPolicy, RestrictedApiPolicy.Default) && services.GetService<ISubmissionPolicy>() is { } policy)
            {
                resolved = resolved with { Engine = resolved.Engine with { SubmissionPolicy = policy } };
            }

            return new RecursiveContextChatClient(innerClient, sub, resolved, loggerFactory ?? services.GetService<ILoggerFactory>());
        });
    }

    /// <summary>
    /// Sends requests with a user text part of at least <paramref name="minContextChars"/> chars through a Recursive
    /// Language Model; shorter requests pass straight on.
    /// </summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="minContextChars">The threshold, in chars (see <see cref="RecursiveContextOptions.MinContextChars"/>).</param>
    /// <param name="subClient">The model for sub-calls and child RLMs; null uses the root model.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ChatClientBuilder UseRecursiveContext(this ChatClientBuilder builder, int minContextChars, IChatClient? subClient = null) =>
        builder.UseRecursiveContext(new RecursiveContextOptions { MinContextChars = minContextChars }, subClient);
}
