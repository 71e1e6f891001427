using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Rlm.Roslyn;

/// <summary>
/// <c>rlm repl --language python</c>: blocks typed by a person run in the same Python session a run's model gets
/// (<see cref="RlmOptions.PythonSessions"/>), with <c>context</c>, <c>query</c>, <c>llm_query</c>,
/// <c>llm_query_batched</c>, <c>rlm_query</c> and <c>final</c>. Without a sub client the sub-LM helpers return the
/// no-endpoint error. A block that ends the interpreter (time limit, crash, Ctrl+C) costs the variables; the next
/// block starts a fresh interpreter over the same context.
/// </summary>
internal sealed class PythonReplSession : IReplSession
{
    /// <summary>Lists the session's variables without leaving any behind.</summary>
    private const string DescribeBlock = """
        def _rlm_describe():
            import types
            helpers = {'context', 'query', 'llm_query', 'llm_query_batched', 'rlm_query', 'final', 'FINAL', 'FINAL_VAR'}
            lines = []
            for name, value in list(globals().items()):
                if name.startswith('_') or name in helpers or isinstance(value, types.ModuleType):
                    continue
                text = repr(value)
                lines.append(f'{name}: {type(value).__name__} = ' + (text[:80] + '...' if len(text) > 80 else text))
            print('\n'.join(lines) if lines else '(no variables yet)')
        _rlm_describe()
        del _rlm_describe
        """;

    private readonly ReplSubCalls? _subCalls;
    private readonly ICodeSession _session;

    /// <param name="context">The context the blocks see.</param>
    /// <param name="query">The <c>query</c> global.</param>
    /// <param name="options">Snippet timeout, depth and concurrency for sub-calls, and <see cref="RlmOptions.PythonSessions"/> (required); validated here.</param>
    /// <param name="subClient">The model for sub-calls and child RLMs; null makes the sub-LM helpers return <paramref name="noEndpointError"/>.</param>
    /// <param name="logger">Logging for sub-calls; null logs nothing.</param>
    /// <param name="noEndpointError">What the sub-LM helpers return without a client; null uses <see cref="ReplSession.DefaultNoEndpointError"/>.</param>
    /// <exception cref="ArgumentException"><see cref="RlmOptions.PythonSessions"/> is null.</exception>
    public PythonReplSession(RlmContext context, string query, RlmOptions options, IChatClient? subClient = null, ILogger? logger = null, string? noEndpointError = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var factory = options.PythonSessions
            ?? throw new ArgumentException("A Python REPL session needs RlmOptions.PythonSessions (the rlm console sets it for --language python).", nameof(options));
        Options = options;
        _subCalls = ReplSubCalls.Create(subClient, options, query, context, logger);
        ICodeSessionHost host = _subCalls is null ? new NoEndpointCodeHost(noEndpointError ?? ReplSession.DefaultNoEndpointError) : _subCalls.Run;
        _session = factory.Create(new CodeSessionSetup(context, query, host));
    }

    /// <inheritdoc/>
    public RlmLanguage Language => RlmLanguage.Python;

    /// <inheritdoc/>
    public RlmOptions Options { get; }

    /// <inheritdoc/>
    public int ResetCount { get; private set; }

    /// <inheritdoc/>
    public string? FinalAnswer { get; private set; }

    /// <inheritdoc/>
    public async Task<ReplResult> RunSnippetAsync(string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        FinalAnswer = null;
        CodeRunResult result;
        try
        {
            result = await _session.RunAsync(code, Options.SnippetTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            ResetCount++; // A stopped block stops its interpreter; the next block starts a fresh one.
            throw;
        }

        FinalAnswer = result.FinalAnswer;
        if (result.SessionReset)
        {
            ResetCount++;
        }

        return ReplResult.From(result);
    }

    /// <inheritdoc/>
    public async Task<string> DescribeVariablesAsync(CancellationToken cancellationToken = default)
    {
        var result = await _session.RunAsync(DescribeBlock, Options.SnippetTimeout, cancellationToken).ConfigureAwait(false);
        return result.Outcome == SnippetOutcome.Completed ? result.Output.TrimEnd('\n') : result.ToFeedback();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _session.Dispose();
        _subCalls?.Dispose();
    }
}
