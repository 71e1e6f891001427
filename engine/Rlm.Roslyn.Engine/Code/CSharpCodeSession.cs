namespace Rlm.Roslyn;

/// <summary>
/// C# blocks in a <see cref="ScriptSession"/> in this process, over fresh <see cref="RlmGlobals"/>. A block that
/// leaves the session unusable (abandoned in a library call, or parked on a full stack) costs the session: the next
/// block runs in a new one, and the result says the variables are gone.
/// </summary>
internal sealed class CSharpCodeSession : ICodeSession
{
    private readonly ScriptSessionOptions _options;
    private readonly Func<RlmGlobals> _newGlobals;
    private RlmGlobals _globals;
    private ScriptSession _session;

    /// <param name="options">The limits and the submission policy of every session.</param>
    /// <param name="newGlobals">Globals for a new session (the first, and after a reset).</param>
    public CSharpCodeSession(ScriptSessionOptions options, Func<RlmGlobals> newGlobals)
    {
        (_options, _newGlobals) = (options, newGlobals);
        _globals = newGlobals();
        _session = new ScriptSession(_globals, options);
    }

    /// <summary>How often the session was replaced, cancelled blocks included.</summary>
    public int Resets { get; private set; }

    public async Task<CodeRunResult> RunAsync(string code, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        _globals.ClearFinalAnswer();
        var globals = _globals;
        SubmissionResult result;
        try
        {
            result = await _session.RunAsync(code, timeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ReplaceIfBroken();
        }

        // An answer given by a block whose session was lost is dropped with it.
        var reset = !ReferenceEquals(globals, _globals);
        return ToCodeRunResult(result, reset) with { FinalAnswer = reset ? null : globals.FinalAnswer };
    }

    public Task<CodeRunResult> ReadVariableAsync(string name, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var session = _session;
        return InspectAsync(() => session.TryGetVariable(name, out var value) ? ValueFormatter.Answer(value) : null, timeout, cancellationToken);
    }

    public Task<CodeRunResult> DescribeVariablesAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        InspectAsync(_session.DescribeVariables, timeout, cancellationToken);

    public void Dispose() => _session.Dispose();

    /// <summary>The session's result as every code session reports it; the feedback text is the same.</summary>
    public static CodeRunResult ToCodeRunResult(SubmissionResult result, bool reset) => new()
    {
        Outcome = result.Outcome,
        Output = result is SubmissionRejected ? string.Empty : result.Output,
        Value = (result as SubmissionCompleted)?.ReturnValue,
        Error = result is SubmissionCompleted ? null : (result with { Output = string.Empty }).ToFeedback(),
        Diagnostics = (result as SubmissionRejected)?.Diagnostics ?? [],
        SessionReset = reset,
        Elapsed = result.Elapsed,
    };

    /// <summary>Reads snippet objects in the session, under a snippet's limits (formatting can run the snippets' own code).</summary>
    private async Task<CodeRunResult> InspectAsync(Func<string?> read, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var globals = _globals;
        SubmissionResult result;
        try
        {
            result = await _session.InspectAsync(read, timeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ReplaceIfBroken();
        }

        return ToCodeRunResult(result, reset: !ReferenceEquals(globals, _globals));
    }

    private void ReplaceIfBroken()
    {
        if (!_session.IsBroken)
        {
            return;
        }

        // Fresh globals too: the abandoned snippet keeps its own, whose cancelled scope stops it at its next
        // checkpoint and keeps its prints out of later snippets.
        _session.Dispose();
        _globals = _newGlobals();
        _session = new ScriptSession(_globals, _options);
        Resets++;
    }
}
