using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Rlm.Roslyn;

/// <summary>
/// A chat client middleware that sends long user content through a Recursive Language Model. A request with a user
/// text part of at least <see cref="RecursiveContextOptions.MinContextChars"/> chars becomes an RLM run: the long
/// parts are the context (the model never sees them whole; it writes C# against them), the rest of the conversation
/// is the query, and the run's final answer is the response. Every other request, streaming or not, passes straight
/// to the inner client, untouched.
/// </summary>
/// <remarks>
/// The inner client is the root model (it writes the code); sub-calls and child RLMs go to the sub client when one is
/// given, otherwise to the inner client too. The response's <see cref="ChatResponse.RawRepresentation"/> is the
/// <see cref="RlmResult"/>; its <see cref="ChatResponse.FinishReason"/> is <see cref="ChatFinishReason.Stop"/> for a
/// final answer and <see cref="ChatFinishReason.Length"/> when a limit ended the run with a partial one. A run whose
/// root model call failed throws <see cref="RecursiveContextException"/>. Non-text content (images, tool calls) is
/// not part of a routed request.
/// </remarks>
public sealed class RecursiveContextChatClient : DelegatingChatClient
{
    private readonly IChatClient? _subClient;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;

    /// <summary>Creates the middleware.</summary>
    /// <param name="innerClient">The next client: short requests go to it untouched, and it is the root model of each run.</param>
    /// <param name="subClient">The model for sub-calls and child RLMs; null uses <paramref name="innerClient"/>.</param>
    /// <param name="options">When to route and how to run; null uses the defaults.</param>
    /// <param name="loggerFactory">Logging for this middleware and the engine; null logs nothing.</param>
    public RecursiveContextChatClient(IChatClient innerClient, IChatClient? subClient = null, RecursiveContextOptions? options = null, ILoggerFactory? loggerFactory = null)
        : base(innerClient)
    {
        Options = options ?? new RecursiveContextOptions();
        Options.Validate();
        _subClient = subClient;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<RecursiveContextChatClient>();
    }

    /// <summary>The settings in force.</summary>
    public RecursiveContextOptions Options { get; }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var request = RecursiveContextRequest.TryCreate(messages, Options.MinContextChars);
        if (request is null)
        {
            RecursiveContextLog.PassedThrough(_logger, Options.MinContextChars);
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }

        return await RunAsync(request, options, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var request = RecursiveContextRequest.TryCreate(messages, Options.MinContextChars);
        if (request is null)
        {
            RecursiveContextLog.PassedThrough(_logger, Options.MinContextChars);
            return base.GetStreamingResponseAsync(messages, options, cancellationToken);
        }

        return StreamAsync(request, options, cancellationToken);
    }

    private async IAsyncEnumerable<ChatResponseUpdate> StreamAsync(RecursiveContextRequest request, ChatOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The answer exists only when the run ends: it comes as the response's updates, usage included.
        var response = await RunAsync(request, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    private async Task<ChatResponse> RunAsync(RecursiveContextRequest request, ChatOptions? options, CancellationToken cancellationToken)
    {
        RecursiveContextLog.Routed(_logger, request.Context.Documents.Count, request.Context.Length, request.Query.Length);
        RecursiveContextLog.Query(_logger, request.Query);

        var engineOptions = Options.Engine.RootChatOptions is null && options is not null
            ? Options.Engine with { RootChatOptions = ForRlmTurns(options) }
            : Options.Engine;
        var engine = new RlmEngine(InnerClient, _subClient ?? InnerClient, engineOptions, _loggerFactory);
        var result = await engine.RunAsync(request.Query, request.Context, cancellationToken).ConfigureAwait(false);

        RecursiveContextLog.RunEnded(_logger, result.Ending, result.Iterations, result.Usage.Calls, result.Usage.TotalTokens, result.Elapsed.TotalMilliseconds);
        if (result.Ending == RlmEnding.Error)
        {
            RecursiveContextLog.RunFailed(_logger, result.Reason);
            throw new RecursiveContextException(result);
        }

        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, result.Answer))
        {
            ResponseId = Guid.NewGuid().ToString("N"),
            ModelId = options?.ModelId,
            CreatedAt = DateTimeOffset.UtcNow,
            FinishReason = result.Ending == RlmEnding.Final ? ChatFinishReason.Stop : ChatFinishReason.Length,
            Usage = new UsageDetails
            {
                InputTokenCount = result.Usage.InputTokens,
                OutputTokenCount = result.Usage.OutputTokens,
                TotalTokenCount = result.Usage.TotalTokens,
            },
            RawRepresentation = result,
            AdditionalProperties = new AdditionalPropertiesDictionary
            {
                ["rlm.ending"] = result.Ending.ToString(),
                ["rlm.iterations"] = result.Iterations,
                ["rlm.calls"] = result.Usage.Calls,
            },
        };
        if (result.Reason is { } reason)
        {
            response.AdditionalProperties["rlm.reason"] = reason;
        }

        return response;
    }

    /// <summary>The caller's options without what the RLM's plain-text turns cannot use.</summary>
    private static ChatOptions ForRlmTurns(ChatOptions options)
    {
        var clone = options.Clone();
        clone.Tools = null;
        clone.ToolMode = null;
        clone.ResponseFormat = null;
        return clone;
    }
}
