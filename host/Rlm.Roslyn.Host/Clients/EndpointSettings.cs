namespace Rlm.Roslyn.Host;

/// <summary>Where the models are: an OpenAI-compatible endpoint, a key and the two model names.</summary>
/// <param name="Endpoint">The API base address (for example http://localhost:8000/v1).</param>
/// <param name="ApiKey">The key sent as a bearer token.</param>
/// <param name="Model">The root model.</param>
/// <param name="SubModel">The model for sub-calls and child RLMs.</param>
internal sealed record EndpointSettings(Uri Endpoint, string ApiKey, string Model, string SubModel)
{
    /// <summary>OpenAI's own endpoint, used when only a key is given.</summary>
    public static readonly Uri OpenAIEndpoint = new("https://api.openai.com/v1");

    /// <summary>The root model when neither --model nor RLM_MODEL says otherwise.</summary>
    public const string DefaultModel = "gpt-5";

    /// <summary>
    /// Reads --endpoint / OPENAI_BASE_URL, --api-key / OPENAI_API_KEY, --model / RLM_MODEL and --sub-model /
    /// RLM_SUB_MODEL (defaulting to the model). A key alone means OpenAI; an endpoint alone (a local server)
    /// gets a placeholder key; neither is a configuration error.
    /// </summary>
    public static EndpointSettings From(ParsedArguments parsed, Func<string, string?> environment) =>
        FromOptional(parsed, environment)
        ?? throw new UsageException("No endpoint or API key: set OPENAI_API_KEY (or --api-key) for OpenAI, or OPENAI_BASE_URL (or --endpoint) for another OpenAI-compatible server.");

    /// <summary>
    /// Like <see cref="From"/>, for commands where an endpoint is optional: null when neither an endpoint nor a
    /// key is given. A malformed endpoint is still a configuration error.
    /// </summary>
    public static EndpointSettings? FromOptional(ParsedArguments parsed, Func<string, string?> environment)
    {
        var endpointText = NonEmpty(parsed.Value("endpoint")) ?? NonEmpty(environment("OPENAI_BASE_URL"));
        var key = NonEmpty(parsed.Value("api-key")) ?? NonEmpty(environment("OPENAI_API_KEY"));
        if (endpointText is null && key is null)
        {
            return null;
        }

        var endpoint = OpenAIEndpoint;
        if (endpointText is not null
            && (!Uri.TryCreate(endpointText, UriKind.Absolute, out endpoint!) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)))
        {
            throw new UsageException($"The endpoint '{endpointText}' is not an http(s) address, for example http://localhost:8000/v1.");
        }

        var model = NonEmpty(parsed.Value("model")) ?? NonEmpty(environment("RLM_MODEL")) ?? DefaultModel;
        var subModel = NonEmpty(parsed.Value("sub-model")) ?? NonEmpty(environment("RLM_SUB_MODEL")) ?? model;
        return new EndpointSettings(endpoint, key ?? "no-key", model, subModel);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
