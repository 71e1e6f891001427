using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace Rlm.Roslyn;

/// <summary>
/// The Python side of a run: the loop when <see cref="RlmOptions.Language"/> is Python (same turns, truncation,
/// limits, events and trace as C#, with a <see cref="ICodeSession"/> instead of the Roslyn session), the guest's
/// callbacks (<see cref="ICodeSessionHost"/>), and the session behind <c>Python(code)</c> in C# runs.
/// </summary>
internal sealed partial class RlmRun : ICodeSessionHost
{
    private const string PythonLanguage = "python";
    private ICodeSession? _pythonHelper;
    private readonly Lock _pythonHelperLock = new();

    private async Task<RlmResult> RunPythonAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var activity = _activity = RlmActivities.StartRun(path, depth, context);
        var factory = tree.Options.PythonSessions ?? throw new InvalidOperationException("RlmOptions.PythonSessions is null.");
        Log.RunStarted(tree.Logger, path, depth, context.Length);
        Emit(new RunStartedEvent { Path = path, Depth = depth, Query = query, ContextChars = context.Length, DocumentCount = context.Documents.Count });

        List<ChatMessage> messages =
        [
            new(ChatRole.System, PythonPrompt.Build(tree.Options, depth)),
            new(ChatRole.User, SystemPrompt.FirstMessage(query, context)),
        ];
        using var session = factory.Create(new CodeSessionSetup(context, query, this));
        var maxIterations = tree.Options.MaxIterations;
        for (var iteration = 1; iteration <= maxIterations; iteration++)
        {
            if (tree.Budget.ExhaustedReason is { } spent)
            {
                return FinishOnBudget(spent, iteration - 1, clock);
            }

            using var turn = RlmActivities.StartTurn(path, depth, iteration);
            var reply = await AskRootAsync(messages, iteration, cancellationToken).ConfigureAwait(false);
            if (reply is null)
            {
                return RootFailureEnding == RlmEnding.BudgetExhausted
                    ? FinishOnBudget(RootFailure!, iteration - 1, clock)
                    : Finish(string.Empty, RlmEnding.Error, RootFailure!, iteration - 1, clock);
            }

            _lastProse = ReplyParser.Prose(reply);

            var blocks = ReplyParser.ExtractCodeBlocks(reply, CodeLanguage.Python, pythonEnabled: true)
                .Where(b => b.Language == CodeLanguage.Python).ToList();
            Log.Turn(tree.Logger, path, iteration, blocks.Count);
            turn?.SetTag("rlm.code_blocks", blocks.Count);
            var feedback = new List<string>();
            string? answer = null;
            foreach (var block in blocks)
            {
                Emit(new CodeEvent { Path = path, Depth = depth, Iteration = iteration, Block = block.Index, Language = PythonLanguage, Code = block.Code });
                var result = await RlmActivities.RunSnippetAsync(path, depth, iteration, block.Index, () => session.RunAsync(block.Code, SnippetTimeout(), cancellationToken)).ConfigureAwait(false);
                var text = result.ToFeedback();
                if (!string.IsNullOrWhiteSpace(result.Output))
                {
                    _lastOutput = result.Output;
                }

                Log.Snippet(tree.ScriptingLogger, path, iteration, block.Index, result.Outcome, result.Elapsed.TotalMilliseconds);
                Emit(new CodeOutputEvent { Path = path, Depth = depth, Iteration = iteration, Block = block.Index, Outcome = result.Outcome, Output = text, ElapsedMs = result.Elapsed.TotalMilliseconds });
                feedback.Add(blocks.Count == 1 ? text : $"[block {block.Index + 1} of {blocks.Count}]\n{text}");
                if (result.SessionReset)
                {
                    Log.SessionReset(tree.ScriptingLogger, path);
                    Emit(new SessionResetEvent { Path = path, Depth = depth, Reason = result.Outcome == SnippetOutcome.Timeout ? "A Python block ran past its time limit." : "The Python interpreter stopped." });
                }

                if (result.FinalAnswer is { } final)
                {
                    answer = final;
                    break;
                }

                if (tree.Budget.ExhaustedReason is not null)
                {
                    // The rest of the reply's blocks would only meet refused calls.
                    break;
                }
            }

            answer ??= await ResolvePythonMarkerAsync(reply, session, feedback, cancellationToken).ConfigureAwait(false);
            EmitUsage();
            if (answer is not null && !tree.Budget.StoppedSomething)
            {
                return Finish(answer, RlmEnding.Final, null, iteration, clock);
            }

            if (tree.Budget.ExhaustedReason is { } exhausted)
            {
                // An answer built while calls were being refused is kept, but flagged as partial.
                return FinishOnBudget(exhausted, iteration, clock, answer);
            }

            if (feedback.Count == 0)
            {
                feedback.Add(PythonPrompt.NoCodeNoAnswer);
            }

            messages.Add(new ChatMessage(ChatRole.User, Truncate(feedback)));
        }

        messages.Add(new ChatMessage(ChatRole.User, SystemPrompt.LastChance(maxIterations)));
        using var lastTurn = RlmActivities.StartTurn(path, depth, maxIterations + 1);
        var last = await AskRootAsync(messages, maxIterations + 1, cancellationToken).ConfigureAwait(false);
        EmitUsage();
        if (last is null)
        {
            return RootFailureEnding == RlmEnding.BudgetExhausted
                ? FinishOnBudget(RootFailure!, maxIterations, clock)
                : Finish(string.Empty, RlmEnding.Error, RootFailure!, maxIterations, clock);
        }

        var forced = await ResolvePythonMarkerAsync(last, session, [], cancellationToken).ConfigureAwait(false) ?? ReplyParser.Prose(last);
        return Finish(forced, RlmEnding.IterationLimit, $"Reached the iteration cap ({maxIterations}); the answer is the model's best from what it found.", maxIterations, clock);
    }

    /// <summary>The reply's FINAL / FINAL_VAR marker as an answer; a missing Python variable is told to the model instead.</summary>
    private static async Task<string?> ResolvePythonMarkerAsync(string reply, ICodeSession session, List<string> feedback, CancellationToken cancellationToken)
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

    Task<string[]> ICodeSessionHost.LlmBatchedAsync(IReadOnlyList<string> prompts, CancellationToken cancellationToken) =>
        FanOutAsync(prompts.Select(p => (Func<CancellationToken, Task<string>>)(ct => LlmAsync(p, ct))).ToList(), cancellationToken);

    Task<string> ICodeSessionHost.RecurseAsync(string query, string context, CancellationToken cancellationToken) =>
        RecurseAsync(query, RlmContext.FromString(context), cancellationToken);

    /// <summary><c>Python(code)</c> from a C# snippet: one Python session per run, started on first use.</summary>
    public async Task<string> PythonAsync(string code, CancellationToken cancellationToken)
    {
        var factory = tree.Options.PythonSessions
            ?? throw new InvalidOperationException("Python is not configured for this run (RlmOptions.PythonSessions is null; the rlm console enables it with --python or --language python).");
        ICodeSession helper;
        lock (_pythonHelperLock)
        {
            // The session runs one block at a time itself, so concurrent Python(...) calls queue there.
            helper = _pythonHelper ??= factory.Create(new CodeSessionSetup(context, query, this));
        }

        var result = await helper.RunAsync(code, tree.Options.SnippetTimeout, cancellationToken).ConfigureAwait(false);
        return result.ToFeedback();
    }

    private void DisposePythonHelper()
    {
        lock (_pythonHelperLock)
        {
            _pythonHelper?.Dispose();
            _pythonHelper = null;
        }
    }
}
