using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.AI;

namespace Rlm.Roslyn;

/// <summary>
/// One RLM at one depth: its conversation with the model, its script session, and the sub-calls and children
/// its snippets start. Implements the script globals' host.
/// </summary>
internal sealed partial class RlmRun(RunTree tree, string query, RlmContext context, int depth, string path) : IScriptHost
{
    private const int PreviewChars = 500;

    /// <summary>How long a snippet may go on after the wall-clock budget runs out, to report what it has.</summary>
    private static readonly TimeSpan BudgetGrace = TimeSpan.FromSeconds(2);
    private int _nextChild;
    private Activity? _activity;
    private int _promptedMessages;

    /// <summary>Why the last root call failed, when it did.</summary>
    private string? RootFailure { get; set; }

    /// <summary>How the run ends when a root call returned null: an error, or the budget running out.</summary>
    private RlmEnding RootFailureEnding { get; set; } = RlmEnding.Error;

    /// <summary>The last snippet output, the best partial answer when a budget ends the run.</summary>
    private string? _lastOutput;

    /// <summary>The last reply's prose, the partial answer when no snippet printed anything.</summary>
    private string? _lastProse;

    public async Task<RlmResult> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var activity = _activity = RlmActivities.StartRun(path, depth, context);
        Log.RunStarted(tree.Logger, path, depth, context.Length);
        Emit(new RunStartedEvent { Path = path, Depth = depth, Query = query, ContextChars = context.Length, DocumentCount = context.Documents.Count });

        var (dialect, session) = OpenSession();
        try
        {
            List<ChatMessage> messages =
            [
                new(ChatRole.System, dialect.BuildSystemPrompt(depth)),
                new(ChatRole.User, SystemPrompt.FirstMessage(query, context)),
            ];
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

                var blocks = dialect.ExtractBlocks(reply);
                Log.Turn(tree.Logger, path, iteration, blocks.Count);
                turn?.SetTag("rlm.code_blocks", blocks.Count);
                var feedback = new List<string>();
                string? answer = null;
                foreach (var block in blocks)
                {
                    Emit(new CodeEvent { Path = path, Depth = depth, Iteration = iteration, Block = block.Index, Language = dialect.Name, Code = block.Code });
                    var timeout = SnippetTimeout();
                    var result = await RlmActivities.RunSnippetAsync(path, depth, iteration, block.Index, () => session.RunAsync(block.Code, timeout, cancellationToken)).ConfigureAwait(false);
                    var blockFeedback = result.ToFeedback();
                    if (!string.IsNullOrWhiteSpace(result.Output))
                    {
                        _lastOutput = result.Output;
                    }

                    Log.Snippet(tree.ScriptingLogger, path, iteration, block.Index, result.Outcome, result.Elapsed.TotalMilliseconds);
                    Emit(new CodeOutputEvent { Path = path, Depth = depth, Iteration = iteration, Block = block.Index, Outcome = result.Outcome, Output = blockFeedback, ElapsedMs = result.Elapsed.TotalMilliseconds });
                    feedback.Add(blocks.Count == 1 ? blockFeedback : $"[block {block.Index + 1} of {blocks.Count}]\n{blockFeedback}");

                    if (result.SessionReset)
                    {
                        Log.SessionReset(tree.ScriptingLogger, path);
                        Emit(new SessionResetEvent { Path = path, Depth = depth, Reason = ResetReason(result.Outcome) });
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

                answer ??= await ResolveMarkerAsync(dialect, session, reply, feedback, cancellationToken).ConfigureAwait(false);
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
                    feedback.Add(dialect.NoCodeNoAnswer);
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

            // Without a marker, the reply's prose is the answer: code it wrote can no longer run.
            var forced = await ResolveMarkerAsync(dialect, session, last, [], cancellationToken).ConfigureAwait(false) ?? ReplyParser.Prose(last);
            return Finish(forced, RlmEnding.IterationLimit, $"Reached the iteration cap ({maxIterations}); the answer is the model's best from what it found.", maxIterations, clock);
        }
        finally
        {
            session.Dispose();
            DisposePythonHelper();
        }
    }

    public Task<string> LlmAsync(string prompt, CancellationToken cancellationToken) =>
        PlainCallAsync(prompt, prompt, NextChildPath(), cancellationToken);

    public async Task<string> RecurseAsync(string childQuery, RlmContext childContext, CancellationToken cancellationToken)
    {
        var childPath = NextChildPath();
        if (depth + 1 > tree.Options.MaxDepth)
        {
            var prompt = $"{childQuery}\n\n--- CONTEXT ---\n{childContext.Text}";
            return await PlainCallAsync(prompt, childQuery, childPath, cancellationToken).ConfigureAwait(false);
        }

        var clock = Stopwatch.StartNew();
        using var activity = RlmActivities.StartSubCall(childPath, depth + 1, SubCallKind.Recurse, childQuery.Length + childContext.Length);
        Emit(new SubCallStartedEvent { Path = childPath, Depth = depth + 1, Kind = SubCallKind.Recurse, Prompt = Preview(childQuery), PromptChars = childQuery.Length + childContext.Length });
        string answer;
        bool succeeded;
        try
        {
            var result = await new RlmRun(tree, childQuery, childContext, depth + 1, childPath).RunAsync(cancellationToken).ConfigureAwait(false);
            succeeded = result.Ending is RlmEnding.Final or RlmEnding.IterationLimit;
            answer = succeeded ? result.Answer : $"Error: {result.Reason}";
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.SubCallFailed(tree.SubCallLogger, childPath, ex);
            (succeeded, answer) = (false, $"Error: {ex.Message}");
        }

        RlmActivities.SubCallEnded(activity, succeeded, default);
        Emit(new SubCallCompletedEvent { Path = childPath, Depth = depth + 1, Kind = SubCallKind.Recurse, Succeeded = succeeded, Response = Preview(answer), Usage = default, ElapsedMs = clock.Elapsed.TotalMilliseconds });
        return answer;
    }

    public Task<string[]> FanOutAsync(IReadOnlyList<Func<CancellationToken, Task<string>>> calls, CancellationToken cancellationToken) =>
        FanOut.RunAsync(calls, tree.Options.MaxConcurrency, cancellationToken);

    private async Task<string?> AskRootAsync(List<ChatMessage> messages, int iteration, CancellationToken cancellationToken)
    {
        if (tree.Options.EmitPrompts)
        {
            Emit(new PromptEvent { Path = path, Depth = depth, Iteration = iteration, Messages = messages.Skip(_promptedMessages).Select(m => new PromptMessage(m.Role.Value, m.Text)).ToList() });
            _promptedMessages = messages.Count + 1;
        }

        ChatResponse response;
        RlmUsage usage;
        try
        {
            // The root model drives depth 0; child RLMs are sub-model work, like plain sub-calls.
            Action<string>? onPiece = tree.Options.StreamReplies
                ? piece => Emit(new ReplyDeltaEvent { Path = path, Depth = depth, Iteration = iteration, Text = piece })
                : null;
            (response, usage) = await tree.CallAsync(depth, messages, cancellationToken, onPiece).ConfigureAwait(false);
        }
        catch (RlmBudgetExceededException ex)
        {
            (RootFailure, RootFailureEnding) = (ex.Reason, RlmEnding.BudgetExhausted);
            return null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.RootCallFailed(tree.Logger, path, ex);
            RootFailure = $"The root LM call failed at turn {iteration}: {ex.Message}";
            return null;
        }

        var reply = response.Text ?? string.Empty;
        RlmActivities.TurnReplied(usage);
        messages.Add(new ChatMessage(ChatRole.Assistant, reply));
        Log.Reply(tree.Logger, path, iteration, reply);
        Emit(new ModelReplyEvent { Path = path, Depth = depth, Iteration = iteration, Text = reply, Usage = usage });
        return reply;
    }

    private async Task<string> PlainCallAsync(string prompt, string shownPrompt, string callPath, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var activity = RlmActivities.StartSubCall(callPath, depth + 1, SubCallKind.Llm, prompt.Length);
        Emit(new SubCallStartedEvent { Path = callPath, Depth = depth + 1, Kind = SubCallKind.Llm, Prompt = Preview(shownPrompt), PromptChars = prompt.Length });
        try
        {
            var (response, usage) = await tree.CallAsync(depth + 1, [new ChatMessage(ChatRole.User, prompt)], cancellationToken).ConfigureAwait(false);
            var text = response.Text ?? string.Empty;
            RlmActivities.SubCallEnded(activity, true, usage);
            Emit(new SubCallCompletedEvent { Path = callPath, Depth = depth + 1, Kind = SubCallKind.Llm, Succeeded = true, Response = Preview(text), Usage = usage, ElapsedMs = clock.Elapsed.TotalMilliseconds });
            return text;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.SubCallFailed(tree.SubCallLogger, callPath, ex);
            var error = $"Error: {ex.Message}";
            RlmActivities.SubCallEnded(activity, false, default);
            Emit(new SubCallCompletedEvent { Path = callPath, Depth = depth + 1, Kind = SubCallKind.Llm, Succeeded = false, Response = Preview(error), Usage = default, ElapsedMs = clock.Elapsed.TotalMilliseconds });
            return error;
        }
    }

    /// <summary>The language of this run's snippets and its session, open: C# (in process or in a worker) unless the options choose Python.</summary>
    private (CodeDialect Dialect, ICodeSession Session) OpenSession()
    {
        if (tree.Options.Language == RlmLanguage.Python)
        {
            var factory = tree.Options.PythonSessions ?? throw new InvalidOperationException("RlmOptions.PythonSessions is null.");
            return (CodeDialect.Python(tree.Options), factory.Create(new CodeSessionSetup(context, query, this)));
        }

        ICodeSession session = tree.Isolation == SnippetIsolation.Process
            ? new WorkerCodeSession(tree.WorkerLease, context, query, depth, this)
            : new CSharpCodeSession(tree.SessionOptions, () => new RlmGlobals(context, query, depth, this));
        return (CodeDialect.CSharp(tree.Options), session);
    }

    /// <summary>
    /// The reply's <c>FINAL</c> / <c>FINAL_VAR</c> marker as an answer, or null; a <c>FINAL_VAR</c> that names no
    /// variable, or one that could not be read, adds a note for the model to <paramref name="feedback"/> instead.
    /// </summary>
    private async Task<string?> ResolveMarkerAsync(CodeDialect dialect, ICodeSession session, string reply, List<string> feedback, CancellationToken cancellationToken)
    {
        switch (ReplyParser.FindFinalMarker(reply))
        {
            case FinalText text:
                return text.Answer;
            case FinalVariable variable:
                var read = await session.ReadVariableAsync(variable.Name, tree.Options.SnippetTimeout, cancellationToken).ConfigureAwait(false);
                if (read.SessionReset)
                {
                    Log.SessionReset(tree.ScriptingLogger, path);
                    Emit(new SessionResetEvent { Path = path, Depth = depth, Reason = ResetReason(read.Outcome) });
                }

                if (read is { Outcome: SnippetOutcome.Completed, Value: { } answer })
                {
                    return answer;
                }

                feedback.Add(read.Outcome == SnippetOutcome.Completed
                    ? dialect.MissingFinalVariable(variable.Name)
                    : SystemPrompt.UnreadableFinalVariable(variable.Name, read.ToFeedback()));
                return null;
            default:
                return null;
        }
    }

    private static string ResetReason(SnippetOutcome outcome) => outcome switch
    {
        SnippetOutcome.Timeout => "A block ran past its time limit without stopping.",
        SnippetOutcome.Limit => "A block hit a limit so deep in its calls that it could not be unwound.",
        _ => "The session stopped (the interpreter ended or crashed).",
    };

    private string Truncate(List<string> feedback)
    {
        var max = tree.Options.MaxFeedbackChars;
        var share = Math.Max(OutputTruncator.MinMaxChars, max / feedback.Count);
        var text = new StringBuilder();
        foreach (var part in feedback)
        {
            text.Append(OutputTruncator.Truncate(part.TrimEnd(), share)).Append("\n\n");
        }

        return text.ToString().TrimEnd();
    }

    private RlmResult Finish(string answer, RlmEnding ending, string? reason, int iterations, Stopwatch clock)
    {
        var result = new RlmResult(answer, ending, reason, iterations, tree.Usage.Total, tree.Usage.ByDepth, clock.Elapsed) { UsageByModel = tree.Usage.ByModel };
        Log.RunEnded(tree.Logger, path, ending, iterations);
        RlmActivities.RunEnded(_activity, result);
        Emit(new FinalEvent { Path = path, Depth = depth, Result = result });
        return result;
    }

    /// <summary>Ends on a used-up budget with the best partial answer: what the last snippet printed, else the last reply's prose.</summary>
    private RlmResult FinishOnBudget(string reason, int iterations, Stopwatch clock, string? answer = null)
    {
        tree.Budget.MarkStopped();
        var partial = (answer ?? _lastOutput ?? _lastProse ?? string.Empty).Trim();
        if (partial.Length > tree.Options.MaxFeedbackChars)
        {
            partial = OutputTruncator.Truncate(partial, tree.Options.MaxFeedbackChars);
        }

        return Finish(partial, RlmEnding.BudgetExhausted, answer is null
            ? $"Budget exhausted: {reason}; the answer is partial (the last output before it ran out)."
            : $"Budget exhausted: {reason}; the answer was given while calls were refused, so it may be partial.", iterations, clock);
    }

    /// <summary>
    /// The snippet time limit, cut to what the wall-clock budget has left plus a short grace: at the deadline the
    /// snippet's LM calls are cut and return errors, and the grace lets it print what it has before it is stopped.
    /// </summary>
    private TimeSpan SnippetTimeout()
    {
        var left = tree.Budget.Remaining;
        if (left >= tree.Options.SnippetTimeout)
        {
            return tree.Options.SnippetTimeout;
        }

        var withGrace = (left < TimeSpan.Zero ? TimeSpan.Zero : left) + BudgetGrace;
        return withGrace < tree.Options.SnippetTimeout ? withGrace : tree.Options.SnippetTimeout;
    }

    private void EmitUsage() => Emit(new UsageEvent { Path = path, Depth = depth, Total = tree.Usage.Total, ByDepth = tree.Usage.ByDepth, ByModel = tree.Usage.ByModel });

    private void Emit(RlmEvent e) => tree.Emit(e);

    private string NextChildPath() => $"{path}.{Interlocked.Increment(ref _nextChild)}";

    private static string Preview(string text) => text.Length <= PreviewChars ? text : string.Concat(text.AsSpan(0, PreviewChars), "…");
}
