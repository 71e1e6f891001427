namespace Rlm.Roslyn;

/// <summary>C# snippets in a Roslyn <see cref="ScriptSession"/> over <see cref="RlmGlobals"/>.</summary>
internal sealed class CSharpRunLanguage : IRunLanguage
{
    private readonly RlmOptions _options;
    private readonly ScriptSessionOptions _sessionOptions;
    private readonly Func<RlmGlobals> _newGlobals;
    private RlmGlobals _globals;
    private ScriptSession _session;

    public CSharpRunLanguage(RlmOptions options, ScriptSessionOptions sessionOptions, Func<RlmGlobals> newGlobals)
    {
        (_options, _sessionOptions, _newGlobals) = (options, sessionOptions, newGlobals);
        _globals = newGlobals();
        _session = new ScriptSession(_globals, sessionOptions);
    }

    public string Name => "csharp";

    public string NoCodeNoAnswer => SystemPrompt.NoCodeNoAnswer;

    public string BuildSystemPrompt(int depth) => SystemPrompt.Build(_options, depth);

    public IReadOnlyList<CodeBlock> ExtractBlocks(string reply) => ReplyParser.ExtractCodeBlocks(reply);

    public async Task<BlockResult> RunBlockAsync(string path, int depth, int iteration, CodeBlock block, TimeSpan timeout, CancellationToken cancellationToken)
    {
        _globals.ClearFinalAnswer();
        var session = _session;
        var result = await RlmActivities.RunSnippetAsync(path, depth, iteration, block.Index, () => session.RunAsync(block.Code, timeout, cancellationToken)).ConfigureAwait(false);
        var feedback = result.ToFeedback();
        var resetReason = ReplaceIfBroken() ? "A snippet ran past its time limit without reaching a checkpoint." : null;
        return new BlockResult(result.Outcome, result.Output, feedback, result.Elapsed, _globals.FinalAnswer, resetReason);
    }

    public async Task<string?> ResolveMarkerAsync(string reply, List<string> feedback, CancellationToken cancellationToken)
    {
        switch (ReplyParser.FindFinalMarker(reply))
        {
            case FinalText text:
                return text.Answer;
            case FinalVariable variable:
                // Formatting the value can run code the snippets defined (ToString, getters, iterators): it runs in the
                // session, under a snippet's limits, never on this thread.
                var session = _session;
                var read = await session.InspectAsync(
                    () => session.TryGetVariable(variable.Name, out var value) ? ValueFormatter.Answer(value) : null,
                    _options.SnippetTimeout,
                    cancellationToken).ConfigureAwait(false);
                ReplaceIfBroken();
                switch (read)
                {
                    case SubmissionCompleted { ReturnValue: { } answer }:
                        return answer;
                    case SubmissionCompleted:
                        feedback.Add(SystemPrompt.MissingFinalVariable(variable.Name));
                        return null;
                    default:
                        feedback.Add(SystemPrompt.UnreadableFinalVariable(variable.Name, read.ToFeedback()));
                        return null;
                }

            default:
                return null;
        }
    }

    /// <summary>Replaces a session a runaway snippet (or read) left broken; true when it did.</summary>
    private bool ReplaceIfBroken()
    {
        if (!_session.IsBroken)
        {
            return false;
        }

        // Fresh globals too: the abandoned snippet keeps its own, whose cancelled scope stops it at its next
        // checkpoint and keeps its prints out of later snippets. An answer it gave is dropped with them.
        _session.Dispose();
        _globals = _newGlobals();
        _session = new ScriptSession(_globals, _sessionOptions);
        return true;
    }

    public void Dispose() => _session.Dispose();
}
