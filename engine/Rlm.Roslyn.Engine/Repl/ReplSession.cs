using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Rlm.Roslyn;

/// <summary>
/// A code session for a person rather than a model (<c>rlm repl</c>): the same session, globals, options and
/// submission policy a root RLM's blocks get, over one context, in the language <see cref="RlmOptions.Language"/>
/// names. With a sub client the sub-LM helpers go through a depth-0 <see cref="RlmRun"/> (real sub-calls and child
/// RLMs, whose events are dropped); without one they return <see cref="NoEndpointError"/>. A block that costs the
/// session (a runaway or cancelled snippet, an interpreter that ended) is followed by a fresh one (see
/// <see cref="ResetCount"/>), so the REPL always has a working session.
/// </summary>
internal sealed class ReplSession : IScriptHost, IReplSession
{
    /// <summary>What the sub-LM helpers return when no client was given, unless the caller words it otherwise.</summary>
    public const string DefaultNoEndpointError = "Error: no endpoint is configured, so Llm, LlmMany, Summarize, Recurse and RecurseMany cannot run.";

    private readonly RlmContext _context;
    private readonly string _query;
    private readonly ReplSubCalls? _subCalls;
    private readonly RlmRun? _run;
    private readonly PythonHelper _python;
    private readonly ICodeSession _session;

    /// <param name="context">The context the blocks see.</param>
    /// <param name="query">The <c>Query</c> (<c>query</c>) global.</param>
    /// <param name="options">
    /// The language, snippet timeout, limits, policy, depth and concurrency for sub-calls, and for Python (as the
    /// language, or for <c>Python(code)</c> in C#) <see cref="RlmOptions.PythonSessions"/>; validated here.
    /// </param>
    /// <param name="subClient">The model for sub-calls and child RLMs; null makes the sub-LM helpers return <paramref name="noEndpointError"/>.</param>
    /// <param name="logger">Logging for sub-calls; null logs nothing.</param>
    /// <param name="noEndpointError">What the sub-LM helpers return without a client; null uses <see cref="DefaultNoEndpointError"/>.</param>
    /// <exception cref="ArgumentException">The language is Python and <see cref="RlmOptions.PythonSessions"/> is null.</exception>
    public ReplSession(RlmContext context, string query, RlmOptions options, IChatClient? subClient = null, ILogger? logger = null, string? noEndpointError = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _context = context;
        _query = query;
        Options = options;
        NoEndpointError = noEndpointError ?? DefaultNoEndpointError;
        _python = new PythonHelper(options.PythonSessions, "Python is not configured for this session (rlm repl enables it with --python).");
        _subCalls = ReplSubCalls.Create(subClient, options, query, context, logger);
        _run = _subCalls?.Run;
        if (options.Language == RlmLanguage.Python)
        {
            var factory = options.PythonSessions
                ?? throw new ArgumentException("A Python REPL session needs RlmOptions.PythonSessions (the rlm console sets it for --language python).", nameof(options));
            _session = factory.Create(new CodeSessionSetup(context, query, CodeHost));
        }
        else
        {
            var sessionOptions = _subCalls?.Tree.SessionOptions ?? RunTree.SessionOptionsFor(options);
            _session = (_subCalls?.Tree.Isolation ?? options.ResolveIsolation(out _)) == SnippetIsolation.Process
                ? new WorkerCodeSession(_subCalls?.Tree.WorkerLease ?? new WorkerLease(RunTree.WorkerKeyFor(options, sessionOptions)), _context, _query, depth: 0, this, ownsLease: _subCalls is null)
                : new CSharpCodeSession(sessionOptions, () => new RlmGlobals(_context, _query, depth: 0, this));
        }
    }

    /// <summary>True when the sub-LM helpers reach a model.</summary>
    public bool HasEndpoint => _run is not null;

    /// <summary>What the sub-LM helpers return when <see cref="HasEndpoint"/> is false.</summary>
    public string NoEndpointError { get; }

    /// <inheritdoc/>
    public RlmLanguage Language => Options.Language;

    /// <inheritdoc/>
    public RlmOptions Options { get; }

    /// <inheritdoc/>
    public int ResetCount { get; private set; }

    /// <inheritdoc/>
    public string? FinalAnswer { get; private set; }

    /// <summary>How often the C# session started over, in process or in a worker; null for Python (a stopped block always costs its interpreter).</summary>
    private int? Resets => _session switch
    {
        CSharpCodeSession csharp => csharp.Resets,
        WorkerCodeSession worker => worker.Resets,
        _ => null,
    };

    private ICodeSessionHost CodeHost => (ICodeSessionHost?)_run ?? new NoEndpointCodeHost(NoEndpointError);

    /// <inheritdoc/>
    public async Task<ReplResult> RunSnippetAsync(string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        FinalAnswer = null;
        var resetsBefore = Resets;
        CodeRunResult result;
        try
        {
            result = await _session.RunAsync(code, Options.SnippetTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // A stopped Python block stops its interpreter; a stopped C# snippet costs the session when abandoned.
            ResetCount += Resets is { } after ? after - resetsBefore!.Value : 1;
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
        var result = await _session.DescribeVariablesAsync(Options.SnippetTimeout, cancellationToken).ConfigureAwait(false);
        if (result.SessionReset)
        {
            ResetCount++;
        }

        return result is { Outcome: SnippetOutcome.Completed, Value: { } text } ? text : result.ToFeedback();
    }

    /// <inheritdoc/>
    public Task<string> LlmAsync(string prompt, CancellationToken cancellationToken) =>
        _run?.LlmAsync(prompt, cancellationToken) ?? Task.FromResult(NoEndpointError);

    /// <inheritdoc/>
    public Task<string> RecurseAsync(string query, RlmContext context, CancellationToken cancellationToken) =>
        _run?.RecurseAsync(query, context, cancellationToken) ?? Task.FromResult(NoEndpointError);

    /// <inheritdoc/>
    public async Task<string[]> FanOutAsync(IReadOnlyList<Func<CancellationToken, Task<string>>> calls, CancellationToken cancellationToken) =>
        _run is not null
            ? await _run.FanOutAsync(calls, cancellationToken).ConfigureAwait(false)
            : await Task.WhenAll(calls.Select(call => call(cancellationToken))).ConfigureAwait(false);

    /// <summary>
    /// <c>Python(code)</c> from a C# snippet, when <see cref="RlmOptions.PythonSessions"/> is set (<c>rlm repl --python</c>):
    /// one Python session for the REPL's life, started on first use, with the same sub-calls as the C# helpers.
    /// </summary>
    public Task<string> PythonAsync(string code, CancellationToken cancellationToken) =>
        _python.RunAsync(code, Options.SnippetTimeout, () => new CodeSessionSetup(_context, _query, CodeHost), cancellationToken);

    /// <inheritdoc/>
    public void Dispose()
    {
        _session.Dispose();
        _python.Close();
        _subCalls?.Dispose();
    }
}
