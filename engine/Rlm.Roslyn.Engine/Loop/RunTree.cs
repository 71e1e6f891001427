using System.Threading.Channels;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Rlm.Roslyn;

/// <summary>
/// What every RLM of one run tree shares: the clients, the options, the usage ledger, the budget, the bound on LM
/// requests in flight and the event stream. Every LM call of the tree goes through <see cref="CallAsync"/>.
/// </summary>
internal sealed class RunTree : IDisposable
{
    private readonly ChannelWriter<RlmEvent> _events;
    private readonly SemaphoreSlim _subSlots;
    private readonly SemaphoreSlim _rootSlots;
    private readonly string? _rootModel;
    private readonly string? _subModel;
    private readonly Lock _leaseGate = new();
    private WorkerLease? _workerLease;

    public RunTree(IChatClient root, IChatClient sub, RlmOptions options, ChannelWriter<RlmEvent> events, ILogger logger, ILoggerFactory? loggerFactory = null)
    {
        _events = events;
        Options = options;
        Logger = logger;
        ScriptingLogger = loggerFactory?.CreateLogger(RlmTelemetry.ScriptingLogCategory) ?? logger;
        SubCallLogger = loggerFactory?.CreateLogger(RlmTelemetry.SubCallsLogCategory) ?? logger;
        Root = root;

        // Sub-calls (plain calls and child RLM turns) may be answered from the cache; the root's turns never are.
        Sub = options.CacheSubCalls ? new CachingChatClient(sub, options.SubCallCache ?? new MemorySubCallCache()) : sub;

        // One bound for the whole tree on requests in flight to the sub endpoint; the root's own turns are one at a
        // time by construction, and share the bound when root and sub are the same client.
        _subSlots = new SemaphoreSlim(options.MaxConcurrency);
        _rootSlots = ReferenceEquals(root, sub) ? _subSlots : new SemaphoreSlim(1);
        _rootModel = options.RootChatOptions?.ModelId ?? root.GetService<ChatClientMetadata>()?.DefaultModelId;
        _subModel = options.SubChatOptions?.ModelId ?? sub.GetService<ChatClientMetadata>()?.DefaultModelId;
        Budget = new BudgetTracker(options.Budget);
        SessionOptions = SessionOptionsFor(options);
        Isolation = options.Language == RlmLanguage.CSharp ? options.ResolveIsolation(out _) : SnippetIsolation.InProcess;
    }

    public IChatClient Root { get; }

    public IChatClient Sub { get; }

    public RlmOptions Options { get; }

    public UsageLedger Usage { get; } = new();

    public BudgetTracker Budget { get; }

    public ILogger Logger { get; }

    /// <summary>Snippet outcomes and session resets, under their own category when a factory was given.</summary>
    public ILogger ScriptingLogger { get; }

    /// <summary>Sub-call failures, under their own category when a factory was given.</summary>
    public ILogger SubCallLogger { get; }

    public ScriptSessionOptions SessionOptions { get; }

    /// <summary>Where the tree's C# snippets run (<see cref="RlmOptions.ResolveIsolation"/>, resolved once for the tree).</summary>
    public SnippetIsolation Isolation { get; }

    /// <summary>The tree's worker, shared by the sessions of all its RLMs (<see cref="SnippetIsolation.Process"/>); taken from the pool on first use.</summary>
    /// <exception cref="InvalidOperationException">The worker, the dotnet host or (when required) the jail is not available here.</exception>
    public WorkerLease WorkerLease
    {
        get
        {
            lock (_leaseGate)
            {
                return _workerLease ??= new WorkerLease(WorkerKeyFor(Options, SessionOptions));
            }
        }
    }

    /// <summary>The kind of worker runs with <paramref name="options"/> need (checking here that one can start).</summary>
    /// <exception cref="InvalidOperationException">The worker, the dotnet host or (when required) the jail is not available here.</exception>
    public static WorkerKey WorkerKeyFor(RlmOptions options, ScriptSessionOptions? sessionOptions = null)
    {
        WorkerAvailability.ThrowIfUnavailable(options.WorkerJail);
        return WorkerKey.For(sessionOptions ?? SessionOptionsFor(options), options.MaxConcurrency, options.WorkerJail, options.WorkerOwner, options.RunTreesPerWorker);
    }

    /// <summary>The session settings runs with <paramref name="options"/> use.</summary>
    public static ScriptSessionOptions SessionOptionsFor(RlmOptions options) => new()
    {
        MaxCapturedOutputChars = options.MaxCapturedOutputChars,
        MaxHeapGrowthBytes = options.MaxSnippetHeapGrowthBytes,
        Policy = options.SubmissionPolicy,
    };

    /// <summary>
    /// One LM request at <paramref name="depth"/>: the root client at depth 0, the sub client deeper. Checks the
    /// budget first (throwing <see cref="RlmBudgetExceededException"/> when it is used up, also when the wall clock
    /// runs out mid-call), waits for a slot under the tree's concurrency bound, then records usage and cost under
    /// the depth and the model. With <paramref name="onPiece"/>, the reply is streamed and each text piece is handed
    /// to it as it comes.
    /// </summary>
    public async Task<(ChatResponse Response, RlmUsage Usage)> CallAsync(int depth, IList<ChatMessage> messages, CancellationToken cancellationToken, Action<string>? onPiece = null)
    {
        var isRoot = depth == 0;
        Budget.BeforeCall(subCall: !isRoot, Usage.Total);
        var client = isRoot ? Root : Sub;
        var chatOptions = isRoot ? Options.RootChatOptions : Options.SubChatOptions;
        var slots = isRoot ? _rootSlots : _subSlots;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Budget.Token);
        ChatResponse response;
        try
        {
            await slots.WaitAsync(linked.Token).ConfigureAwait(false);
            try
            {
                response = onPiece is null
                    ? await client.GetResponseAsync(messages, chatOptions, linked.Token).ConfigureAwait(false)
                    : await StreamAsync(client, messages, chatOptions, onPiece, linked.Token).ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && Budget.Token.IsCancellationRequested)
        {
            throw new RlmBudgetExceededException(Budget.DeadlinePassed());
        }

        var model = (isRoot ? _rootModel : _subModel) ?? response.ModelId ?? UsageLedger.UnknownModel;
        var usage = ToUsage(response, model);
        Budget.Check(Usage.Add(depth, model, usage));
        return (response, usage);
    }

    public void Emit(RlmEvent e) => _events.TryWrite(e);

    private static async Task<ChatResponse> StreamAsync(IChatClient client, IList<ChatMessage> messages, ChatOptions? chatOptions, Action<string> onPiece, CancellationToken cancellationToken)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(messages, chatOptions, cancellationToken).ConfigureAwait(false))
        {
            updates.Add(update);
            if (update.Text is { Length: > 0 } piece)
            {
                onPiece(piece);
            }
        }

        return updates.ToChatResponse();
    }

    public void Dispose()
    {
        _workerLease?.Dispose();
        Budget.Dispose();
        _subSlots.Dispose();
        if (!ReferenceEquals(_rootSlots, _subSlots))
        {
            _rootSlots.Dispose();
        }
    }

    private RlmUsage ToUsage(ChatResponse response, string model)
    {
        var input = response.Usage?.InputTokenCount ?? 0;
        var output = response.Usage?.OutputTokenCount ?? 0;
        var price = PriceOf(model) ?? (response.ModelId is { } answered ? PriceOf(answered) : null);
        var cost = price?.Cost(input, output) ?? 0m;
        return CachingChatClient.IsCacheHit(response)
            ? new RlmUsage(0, 0, 0) { CacheHits = 1, SavedInputTokens = input, SavedOutputTokens = output, SavedCostUsd = cost }
            : new RlmUsage(1, input, output) { CostUsd = cost };
    }

    private ModelPrice? PriceOf(string model) => Options.Prices.TryGetValue(model, out var price) ? price : null;
}
