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
    private int _nextChild;

    /// <summary>Why the last root call failed, when it did.</summary>
    private string? RootFailure { get; set; }

    public async Task<RlmResult> RunAsync(CancellationToken cancellationToken)
    {
        if (tree.Options.Language == RlmLanguage.Python)
        {
            return await RunPythonAsync(cancellationToken).ConfigureAwait(false);
        }

        var clock = Stopwatch.StartNew();
        _ = ScriptEnvironment.WarmUpAsync();
        Log.RunStarted(tree.Logger, path, depth, context.Length);
        Emit(new RunStartedEvent { Path = path, Depth = depth, Query = query, ContextChars = context.Length, DocumentCount = context.Documents.Count });

        List<ChatMessage> messages =
        [
            new(ChatRole.System, SystemPrompt.Build(tree.Options, depth)),
            new(ChatRole.User, SystemPrompt.FirstMessage(query, context)),
        ];
        var globals = new RlmGlobals(context, query, depth, this);
        var session = new ScriptSession(globals, tree.SessionOptions);
        try
        {
            var maxIterations = tree.Options.MaxIterations;
            for (var iteration = 1; iteration <= maxIterations; iteration++)
            {
                var reply = await AskRootAsync(messages, iteration, cancellationToken).ConfigureAwait(false);
                if (reply is null)
                {
                    return Finish(string.Empty, RlmEnding.Error, RootFailure!, iteration - 1, clock);
                }

                var blocks = ReplyParser.ExtractCodeBlocks(reply);
                Log.Turn(tree.Logger, path, iteration, blocks.Count);
                var feedback = new List<string>();
                string? answer = null;
                foreach (var block in blocks)
                {
                    globals.ClearFinalAnswer();
                    Emit(new CodeEvent { Path = path, Depth = depth, Iteration = iteration, Block = block.Index, Language = "csharp", Code = block.Code });
                    var result = await session.RunAsync(block.Code, tree.Options.SnippetTimeout, cancellationToken).ConfigureAwait(false);
                    var text = result.ToFeedback();
                    Log.Snippet(tree.Logger, path, iteration, block.Index, result.Outcome, result.Elapsed.TotalMilliseconds);
                    Emit(new CodeOutputEvent { Path = path, Depth = depth, Iteration = iteration, Block = block.Index, Outcome = result.Outcome, Output = text, ElapsedMs = result.Elapsed.TotalMilliseconds });
                    feedback.Add(blocks.Count == 1 ? text : $"[block {block.Index + 1} of {blocks.Count}]\n{text}");

                    if (session.IsBroken)
                    {
                        // Fresh globals too: the abandoned snippet keeps its own, whose cancelled scope stops it at
                        // its next checkpoint and keeps its prints out of later snippets.
                        session.Dispose();
                        globals = new RlmGlobals(context, query, depth, this);
                        session = new ScriptSession(globals, tree.SessionOptions);
                        Log.SessionReset(tree.Logger, path);
                        Emit(new SessionResetEvent { Path = path, Depth = depth, Reason = "A snippet ran past its time limit without reaching a checkpoint." });
                    }

                    if (globals.FinalAnswer is { } final)
                    {
                        answer = final;
                        break;
                    }
                }

                answer ??= ResolveMarker(reply, session, feedback);
                EmitUsage();
                if (answer is not null)
                {
                    return Finish(answer, RlmEnding.Final, null, iteration, clock);
                }

                if (feedback.Count == 0)
                {
                    feedback.Add(SystemPrompt.NoCodeNoAnswer);
                }

                messages.Add(new ChatMessage(ChatRole.User, Truncate(feedback)));
            }

            messages.Add(new ChatMessage(ChatRole.User, SystemPrompt.LastChance(maxIterations)));
            var last = await AskRootAsync(messages, maxIterations + 1, cancellationToken).ConfigureAwait(false);
            EmitUsage();
            if (last is null)
            {
                return Finish(string.Empty, RlmEnding.Error, RootFailure!, maxIterations, clock);
            }

            // Without a marker, the reply's prose is the answer: code it wrote can no longer run.
            var forced = ResolveMarker(last, session, []) ?? ReplyParser.Prose(last);
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
        Emit(new SubCallStartedEvent { Path = childPath, Depth = depth + 1, Kind = SubCallKind.Recurse, Prompt = Preview(childQuery), PromptChars = childQuery.Length + childContext.Length });
        string answer;
        bool succeeded;
        try
        {
            var result = await new RlmRun(tree, childQuery, childContext, depth + 1, childPath).RunAsync(cancellationToken).ConfigureAwait(false);
            succeeded = result.Ending != RlmEnding.Error;
            answer = succeeded ? result.Answer : $"Error: {result.Reason}";
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.SubCallFailed(tree.Logger, childPath, ex);
            (succeeded, answer) = (false, $"Error: {ex.Message}");
        }

        Emit(new SubCallCompletedEvent { Path = childPath, Depth = depth + 1, Kind = SubCallKind.Recurse, Succeeded = succeeded, Response = Preview(answer), Usage = default, ElapsedMs = clock.Elapsed.TotalMilliseconds });
        return answer;
    }

    public async Task<string[]> FanOutAsync(IReadOnlyList<Func<CancellationToken, Task<string>>> calls, CancellationToken cancellationToken)
    {
        // One bound per batch: a batch inside a child never waits on slots its parent's batch holds.
        using var slots = new SemaphoreSlim(tree.Options.MaxConcurrency);
        var tasks = calls.Select(async call =>
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await call(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                return $"Error: {ex.Message}";
            }
            finally
            {
                slots.Release();
            }
        }).ToList();
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private async Task<string?> AskRootAsync(List<ChatMessage> messages, int iteration, CancellationToken cancellationToken)
    {
        ChatResponse response;
        try
        {
            // The root model drives depth 0; child RLMs are sub-model work, like plain sub-calls.
            response = depth == 0
                ? await tree.Root.GetResponseAsync(messages, tree.Options.RootChatOptions, cancellationToken).ConfigureAwait(false)
                : await tree.Sub.GetResponseAsync(messages, tree.Options.SubChatOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.RootCallFailed(tree.Logger, path, ex);
            RootFailure = $"The root LM call failed at turn {iteration}: {ex.Message}";
            return null;
        }

        var reply = response.Text ?? string.Empty;
        var usage = ToUsage(response.Usage);
        tree.Usage.Add(depth, usage);
        messages.Add(new ChatMessage(ChatRole.Assistant, reply));
        Log.Reply(tree.Logger, path, iteration, reply);
        Emit(new ModelReplyEvent { Path = path, Depth = depth, Iteration = iteration, Text = reply, Usage = usage });
        return reply;
    }

    private async Task<string> PlainCallAsync(string prompt, string shownPrompt, string callPath, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        Emit(new SubCallStartedEvent { Path = callPath, Depth = depth + 1, Kind = SubCallKind.Llm, Prompt = Preview(shownPrompt), PromptChars = prompt.Length });
        try
        {
            var response = await tree.Sub.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)], tree.Options.SubChatOptions, cancellationToken).ConfigureAwait(false);
            var usage = ToUsage(response.Usage);
            tree.Usage.Add(depth + 1, usage);
            var text = response.Text ?? string.Empty;
            Emit(new SubCallCompletedEvent { Path = callPath, Depth = depth + 1, Kind = SubCallKind.Llm, Succeeded = true, Response = Preview(text), Usage = usage, ElapsedMs = clock.Elapsed.TotalMilliseconds });
            return text;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.SubCallFailed(tree.Logger, callPath, ex);
            var error = $"Error: {ex.Message}";
            Emit(new SubCallCompletedEvent { Path = callPath, Depth = depth + 1, Kind = SubCallKind.Llm, Succeeded = false, Response = Preview(error), Usage = default, ElapsedMs = clock.Elapsed.TotalMilliseconds });
            return error;
        }
    }

    /// <summary>The reply's FINAL / FINAL_VAR marker as an answer; a missing variable is told to the model instead.</summary>
    private static string? ResolveMarker(string reply, ScriptSession session, List<string> feedback)
    {
        switch (ReplyParser.FindFinalMarker(reply))
        {
            case FinalText text:
                return text.Answer;
            case FinalVariable variable when session.TryGetVariable(variable.Name, out var value):
                return ValueFormatter.Answer(value);
            case FinalVariable variable:
                feedback.Add(SystemPrompt.MissingFinalVariable(variable.Name));
                return null;
            default:
                return null;
        }
    }

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
        var result = new RlmResult(answer, ending, reason, iterations, tree.Usage.Total, tree.Usage.ByDepth, clock.Elapsed);
        Log.RunEnded(tree.Logger, path, ending, iterations);
        Emit(new FinalEvent { Path = path, Depth = depth, Result = result });
        return result;
    }

    private void EmitUsage() => Emit(new UsageEvent { Path = path, Depth = depth, Total = tree.Usage.Total, ByDepth = tree.Usage.ByDepth });

    private void Emit(RlmEvent e) => tree.Emit(e);

    private string NextChildPath() => $"{path}.{Interlocked.Increment(ref _nextChild)}";

    private static RlmUsage ToUsage(UsageDetails? usage) => new(1, usage?.InputTokenCount ?? 0, usage?.OutputTokenCount ?? 0);

    private static string Preview(string text) => text.Length <= PreviewChars ? text : string.Concat(text.AsSpan(0, PreviewChars), "…");
}
