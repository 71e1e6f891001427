using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rlm.Roslyn;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a Recursive Language Model engine in a service collection.</summary>
public static class RlmServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="RlmServiceOptions"/> (validated when first read) and a singleton <see cref="RlmEngine"/>
    /// built from the registered <see cref="IChatClient"/>: the unkeyed one, or the one keyed
    /// <see cref="RlmServiceOptions.RootClientKey"/>, as root; the one keyed <see cref="RlmServiceOptions.SubClientKey"/>
    /// as sub model when set; the registered <see cref="ILoggerFactory"/> and <see cref="ISubmissionPolicy"/>, if any, in place of the default analyzer.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes the options after any configuration binding; null keeps them.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddRlm(this IServiceCollection services, Action<RlmServiceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<RlmServiceOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RlmServiceOptions>, RlmServiceOptionsValidator>());
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton(CreateEngine);
        return services;
    }

    /// <summary>
    /// Registers the engine as <see cref="AddRlm(IServiceCollection, Action{RlmServiceOptions}?)"/> does, with options
    /// bound from <paramref name="section"/> (for example <c>configuration.GetSection("Rlm")</c>): flat keys such as
    /// <c>MaxIterations</c>, <c>MaxDepth</c>, <c>SnippetTimeout</c> (<c>00:02:00</c>), <c>RootChatOptions:ModelId</c>,
    /// <c>MinContextChars</c>, <c>RootClientKey</c>, <c>SubClientKey</c>. Values out of range fail with an
    /// <see cref="OptionsValidationException"/> naming the key when the engine is first resolved.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The configuration section to bind.</param>
    /// <param name="configure">Changes the options after binding; null keeps them.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddRlm(this IServiceCollection services, IConfiguration section, Action<RlmServiceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddSingleton<IConfigureOptions<RlmServiceOptions>>(new RlmServiceOptionsSetup(section));
        services.AddSingleton<IOptionsChangeTokenSource<RlmServiceOptions>>(new ConfigurationChangeTokenSource<RlmServiceOptions>(section));
        return services.AddRlm(configure);
    }

    private static RlmEngine CreateEngine(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<RlmServiceOptions>>().Value;
        var root = options.RootClientKey is { } rootKey
            ? services.GetKeyedService<IChatClient>(rootKey) ?? throw NoClient($"an IChatClient keyed '{rootKey}' (RootClientKey)")
            : services.GetService<IChatClient>() ?? throw NoClient("an IChatClient (services.AddChatClient(...)), or RootClientKey naming a keyed one");
        var sub = options.SubClientKey is { } subKey
            ? services.GetKeyedService<IChatClient>(subKey) ?? throw NoClient($"an IChatClient keyed '{subKey}' (SubClientKey)")
            : null;
        var engineOptions = ReferenceEquals(options.Engine.SubmissionPolicy, RestrictedApiPolicy.Default) && services.GetService<ISubmissionPolicy>() is { } policy
            ? options.Engine with { SubmissionPolicy = policy }
            : options.Engine;
        return new RlmEngine(root, sub, engineOptions, services.GetService<ILoggerFactory>());
    }

    private static InvalidOperationException NoClient(string what) =>
        new($"AddRlm: the RLM engine needs {what} registered in the service collection.");
}
