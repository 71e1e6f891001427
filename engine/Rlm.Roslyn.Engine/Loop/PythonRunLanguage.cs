namespace Rlm.Roslyn;

/// <summary>Python blocks in an <see cref="ICodeSession"/> (for example CPython on WASI).</summary>
internal sealed class PythonRunLanguage(ICodeSession session, RlmOptions options) : IRunLanguage
{
    public string Name => "python";

    public string NoCodeNoAnswer => PythonPrompt.NoCodeNoAnswer;

    public string BuildSystemPrompt(int depth) => PythonPrompt.Build(options, depth);

    public IReadOnlyList<CodeBlock> ExtractBlocks(string reply) =>
        ReplyParser.ExtractCodeBlocks(reply, CodeLanguage.Python, pythonEnabled: true).Where(b => b.Language == CodeLanguage.Python).ToList();

    public async Task<BlockResult> RunBlockAsync(string path, int depth, int iteration, CodeBlock block, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var result = await RlmActivities.RunSnippetAsync(path, depth, iteration, block.Index, () => session.RunAsync(block.Code, timeout, cancellationToken)).ConfigureAwait(false);

        // The session restarts the interpreter itself; the result only says the variables are gone.
        var resetReason = !result.SessionReset ? null
            : result.Outcome == SnippetOutcome.Timeout ? "A Python block ran past its time limit." : "The Python interpreter stopped.";
        return new BlockResult(result.Outcome, result.Output, result.ToFeedback(), result.Elapsed, result.FinalAnswer, resetReason);
    }

    public async Task<string?> ResolveMarkerAsync(string reply, List<string> feedback, CancellationToken cancellationToken)
    {
        switch (ReplyParser.FindFinalMarker(reply))
        {
            case FinalText text:
                return text.Answer;
            case FinalVariable variable:
                var value = await session.GetVariableAsync(variable.Name, cancellationToken).ConfigureAwait(false);
                if (value is null)
                {
                    feedback.Add(PythonPrompt.MissingFinalVariable(variable.Name));
                }

                return value;
            default:
                return null;
        }
    }

    public void Dispose() => session.Dispose();
}
