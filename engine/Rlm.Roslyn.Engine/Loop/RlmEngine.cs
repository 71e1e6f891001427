using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Rlm.Roslyn;

/// <summary>
/// Answers questions over contexts far larger than a model's window: the root model writes C# snippets that a
/// persistent script session runs against the context, with sub-LM calls and child RLMs, until it answers.
/// </summary>
public sealed class RlmEngine
{
    private readonly IChatClient _root;
    private readonly IChatClient _sub;
    private readonly RlmOptions _options;
    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggerFactory;

    /// <summary>Creates an engine.</summary>
    /// <param name="rootClient">The root model: it writes the code.</param>
    /// <param name="subClient">The model for sub-calls and child RLMs; null uses <paramref name="rootClient"/>.</param>
    /// <param name="options">Settings; null uses the defaults.</param>
    /// <param name="loggerFactory">Logging; null logs nothing.</param>
    public RlmEngine(IChatClient rootClient, IChatClient? subClient = null, RlmOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(rootClient);
        _options = options ?? new RlmOptions();
        _options.Validate();
        _root = rootClient;
        _sub = subClient ?? rootClient;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger(RlmTelemetry.EngineLogCategory);
    }

    /// <summary>The settings in force.</summary>
    public RlmOptions Options => _options;

    /// <summary>
    /// Starts loading the compiler in the background so the first snippet does not pay the cold start.
    /// Runs start it themselves; call it earlier (for example while loading the context) to hide more of it.
    /// </summary>
    public static Task WarmUpAsync() => ScriptEnvironment.WarmUpAsync();

    /// <summary>
    /// Starts, in the background, what runs with <paramref name="options"/> need before their first snippet: the compiler
    /// in this process, or where snippets run in a worker (<see cref="RlmOptions.ResolveIsolation"/>) a worker that starts and warms its compiler, then
    /// waits for the next run to take it (it is ended if no run takes it within ten minutes). Call it while loading the
    /// context, so the first snippet waits for neither. The task ends when the warm-up is done; it fails (without
    /// throwing here) when no worker can start, which the run then reports too.
    /// </summary>
    /// <param name="options">The options the coming runs use.</param>
    public static Task WarmUpAsync(RlmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Language != RlmLanguage.CSharp || options.ResolveIsolation(out _) != SnippetIsolation.Process)
        {
            return ScriptEnvironment.WarmUpAsync();
        }

        try
        {
            return WorkerPool.Prewarm(RunTree.WorkerKeyFor(options));
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            return Task.FromException(ex);
        }
    }

    /// <summary>Runs the RLM to its end and returns the outcome.</summary>
    /// <param name="query">The question.</param>
    /// <param name="context">The context to answer over.</param>
    /// <param name="cancellationToken">Cancels the run (throws <see cref="OperationCanceledException"/>).</param>
    public async Task<RlmResult> RunAsync(string query, RlmContext context, CancellationToken cancellationToken = default)
    {
        RlmResult? result = null;
        await foreach (var e in RunStreamingAsync(query, context, cancellationToken).ConfigureAwait(false))
        {
            if (e is FinalEvent { Depth: 0 } final)
            {
                result = final.Result;
            }
        }

        return result ?? throw new InvalidOperationException("The run ended without a result.");
    }

    /// <summary>Runs the RLM and yields every step of the whole tree as it happens; the last event is the root's <see cref="FinalEvent"/>.</summary>
    /// <param name="query">The question.</param>
    /// <param name="context">The context to answer over.</param>
    /// <param name="cancellationToken">Cancels the run (throws <see cref="OperationCanceledException"/>).</param>
    public async IAsyncEnumerable<RlmEvent> RunStreamingAsync(string query, RlmContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(context);

        // Stopping the enumeration early cancels the run.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateUnbounded<RlmEvent>(new UnboundedChannelOptions { SingleReader = true });
        using var tree = new RunTree(_root, _sub, _options, channel.Writer, _logger, _loggerFactory);
        var run = Task.Run(
            async () =>
            {
                try
                {
                    await new RlmRun(tree, query, context, depth: 0, path: "0").RunAsync(stop.Token).ConfigureAwait(false);
                }
                finally
                {
                    channel.Writer.TryComplete();
                }
            },
            CancellationToken.None);

        try
        {
            await foreach (var e in channel.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                yield return e;
            }

            await run.ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            if (!run.IsCompleted)
            {
                try
                {
                    await run.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // The consumer stopped early; the run ended because of it.
                }
            }
        }
    }
}
