using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Rlm.Roslyn;

/// <summary>
/// A script session for a person rather than a model: the same globals, options and submission policy a root
/// RLM's snippets get, over one context. With a sub client, Llm, LlmMany, Summarize, Recurse and RecurseMany go
/// through a depth-0 <see cref="RlmRun"/> (real sub-calls and child RLMs, whose events are dropped); without
/// one they return <see cref="NoEndpointError"/>. A session abandoned by a runaway or cancelled snippet is
/// replaced by a fresh one (see <see cref="ResetCount"/>), so the REPL always has a working session.
/// </summary>
internal sealed class ReplSession : IScriptHost, IReplSession
{
    /// <summary>What the sub-LM helpers return when no client was given, unless the caller words it otherwise.</summary>
    public const string DefaultNoEndpointError = "Error: no endpoint is configured, so Llm, LlmMany, Summarize, Recurse and RecurseMany cannot run.";

    private readonly RlmContext _context;
    private readonly string _query;
    private readonly RlmOptions _options;
    private readonly ScriptSessionOptions _sessionOptions;
    private readonly ReplSubCalls? _subCalls;
    private readonly RlmRun? _run;
    private readonly PythonHelper _python;
    private RlmGlobals _globals;
    private ScriptSession _session;

    /// <param name="context">The context the snippets see.</param>
    /// <param name="query">The <c>Query</c> global.</param>
    /// <param name="options">Snippet timeout, limits, policy, depth and concurrency for sub-calls; validated here.</param>
    /// <param name="subClient">The model for sub-calls and child RLMs; null makes the sub-LM helpers return <paramref name="noEndpointError"/>.</param>
    /// <param name="logger">Logging for sub-calls; null logs nothing.</param>
    /// <param name="noEndpointError">What the sub-LM helpers return without a client; null uses <see cref="DefaultNoEndpointError"/>.</param>
    public ReplSession(RlmContext context, string query, RlmOptions options, IChatClient? subClient = null, ILogger? logger = null, string? noEndpointError = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _context = context;
        _query = query;
        _options = options;
        NoEndpointError = noEndpointError ?? DefaultNoEndpointError;
        _python = new PythonHelper(options.PythonSessions, "Python is not configured for this session (rlm repl enables it with --python).");
        _subCalls = ReplSubCalls.Create(subClient, options, query, context, logger);
        _run = _subCalls?.Run;
        _sessionOptions = _subCalls?.Tree.SessionOptions ?? new ScriptSessionOptions
        {
            // The same mapping RunTree makes from the run's options.
            MaxCapturedOutputChars = options.MaxCapturedOutputChars,
            MaxHeapGrowthBytes = options.MaxSnippetHeapGrowthBytes,
            Policy = options.SubmissionPolicy,
        };

        (_globals, _session) = NewSession();
    }

    /// <summary>True when the sub-LM helpers reach a model.</summary>
    public bool HasEndpoint => _run is not null;

    /// <summary>What the sub-LM helpers return when <see cref="HasEndpoint"/> is false.</summary>
    public string NoEndpointError { get; }

    /// <inheritdoc/>
    public RlmLanguage Language => RlmLanguage.CSharp;

    /// <summary>The options in force (the snippet timeout among them).</summary>
    public RlmOptions Options => _options;

    /// <summary>How often the session was replaced because a snippet was abandoned; every variable went with it.</summary>
    public int ResetCount { get; private set; }

    /// <summary>The answer the last snippet gave with <c>Final</c>, or null.</summary>
    public string? FinalAnswer => _globals.FinalAnswer;

    /// <summary>
    /// Runs one snippet with the options' snippet timeout. Never throws for the snippet's own faults; throws
    /// <see cref="OperationCanceledException"/> when cancelled (the session may then have been replaced).
    /// </summary>
    public async Task<SubmissionResult> RunAsync(string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        _globals.ClearFinalAnswer();
        try
        {
            return await _session.RunAsync(code, _options.SnippetTimeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ReplaceIfBroken();
        }
    }

    /// <inheritdoc/>
    public async Task<ReplResult> RunSnippetAsync(string code, CancellationToken cancellationToken = default) =>
        ReplResult.From(await RunAsync(code, cancellationToken).ConfigureAwait(false));

    /// <summary>One line per session variable: name, type and a short preview of its value.</summary>
    public async Task<string> DescribeVariablesAsync(CancellationToken cancellationToken = default)
    {
        // Previews can run code the snippets defined (ToString, getters): in the session, under a snippet's limits.
        var session = _session;
        try
        {
            var read = await session.InspectAsync(session.DescribeVariables, _options.SnippetTimeout, cancellationToken).ConfigureAwait(false);
            return read is SubmissionCompleted { ReturnValue: { } text } ? text : read.ToFeedback();
        }
        finally
        {
            ReplaceIfBroken();
        }
    }

    public Task<string> LlmAsync(string prompt, CancellationToken cancellationToken) =>
        _run?.LlmAsync(prompt, cancellationToken) ?? Task.FromResult(NoEndpointError);

    public Task<string> RecurseAsync(string query, RlmContext context, CancellationToken cancellationToken) =>
        _run?.RecurseAsync(query, context, cancellationToken) ?? Task.FromResult(NoEndpointError);

    public async Task<string[]> FanOutAsync(IReadOnlyList<Func<CancellationToken, Task<string>>> calls, CancellationToken cancellationToken) =>
        _run is not null
            ? await _run.FanOutAsync(calls, cancellationToken).ConfigureAwait(false)
            : await Task.WhenAll(calls.Select(call => call(cancellationToken))).ConfigureAwait(false);

    /// <summary>
    /// <c>Python(code)</c> from a snippet, when <see cref="RlmOptions.PythonSessions"/> is set (<c>rlm repl --python</c>):
    /// one Python session for the REPL's life, started on first use, with the same sub-calls as the C# helpers.
    /// </summary>
    public Task<string> PythonAsync(string code, CancellationToken cancellationToken) =>
        _python.RunAsync(
            code,
            _options.SnippetTimeout,
            () => new CodeSessionSetup(_context, _query, (ICodeSessionHost?)_run ?? new NoEndpointCodeHost(NoEndpointError)),
            cancellationToken);

    public void Dispose()
    {
        _session.Dispose();
        _python.Close();
        _subCalls?.Dispose();
    }

    private void ReplaceIfBroken()
    {
        if (_session.IsBroken)
        {
            // Fresh globals too: the abandoned snippet keeps its own, whose cancelled scope stops it at its
            // next checkpoint and keeps its prints out of later snippets.
            _session.Dispose();
            (_globals, _session) = NewSession();
            ResetCount++;
        }
    }

    private (RlmGlobals Globals, ScriptSession Session) NewSession()
    {
        var globals = new RlmGlobals(_context, _query, depth: 0, this);
        return (globals, new ScriptSession(globals, _sessionOptions));
    }
}
