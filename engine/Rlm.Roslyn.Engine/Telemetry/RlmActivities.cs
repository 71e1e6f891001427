using System.Diagnostics;

namespace Rlm.Roslyn;

/// <summary>
/// Starts and completes the engine's activities. Every method accepts a null activity (nobody listens), so call
/// sites stay one line. Tags carry sizes, ids and outcomes, never prompt or context text.
/// </summary>
internal static class RlmActivities
{
    public static readonly ActivitySource Source = new(RlmTelemetry.ActivitySourceName, typeof(RlmActivities).Assembly.GetName().Version?.ToString());

    public static Activity? StartRun(string path, int depth, RlmContext context)
    {
        var activity = Start(RlmTelemetry.RunActivityName, path, depth);
        activity?.SetTag("rlm.context.chars", context.Length).SetTag("rlm.context.documents", context.Documents.Count);
        return activity;
    }

    public static void RunEnded(Activity? activity, RlmResult result)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("rlm.ending", result.Ending.ToString()).SetTag("rlm.iterations", result.Iterations);
        if (result.Ending == RlmEnding.Error)
        {
            activity.SetStatus(ActivityStatusCode.Error, result.Reason);
        }
    }

    public static Activity? StartTurn(string path, int depth, int iteration) =>
        Start(RlmTelemetry.TurnActivityName, path, depth)?.SetTag("rlm.iteration", iteration);

    /// <summary>Records the reply's usage on the current turn (the activity current while the root model is asked).</summary>
    public static void TurnReplied(RlmUsage usage)
    {
        if (Activity.Current is { OperationName: RlmTelemetry.TurnActivityName } turn)
        {
            turn.SetTag("gen_ai.usage.input_tokens", usage.InputTokens).SetTag("gen_ai.usage.output_tokens", usage.OutputTokens);
        }
    }

    /// <summary>Runs one C# snippet under an <c>rlm.snippet</c> activity, current while it runs so its sub-calls nest under it.</summary>
    public static Task<SubmissionResult> RunSnippetAsync(string path, int depth, int iteration, int block, Func<Task<SubmissionResult>> run) =>
        RunSnippetAsync(path, depth, iteration, block, run, static r => (r.Outcome, r.Elapsed));

    /// <summary>Runs one block of another language (Python) under an <c>rlm.snippet</c> activity, as for C#.</summary>
    public static Task<CodeRunResult> RunSnippetAsync(string path, int depth, int iteration, int block, Func<Task<CodeRunResult>> run) =>
        RunSnippetAsync(path, depth, iteration, block, run, static r => (r.Outcome, r.Elapsed));

    private static async Task<T> RunSnippetAsync<T>(string path, int depth, int iteration, int block, Func<Task<T>> run, Func<T, (SnippetOutcome Outcome, TimeSpan Elapsed)> describe)
    {
        using var activity = Start(RlmTelemetry.SnippetActivityName, path, depth);
        activity?.SetTag("rlm.iteration", iteration).SetTag("rlm.block", block);
        var result = await run().ConfigureAwait(false);
        if (activity is not null)
        {
            var (outcome, elapsed) = describe(result);
            activity.SetTag("rlm.snippet.outcome", outcome.ToString()).SetTag("rlm.snippet.elapsed_ms", elapsed.TotalMilliseconds);
            if (outcome != SnippetOutcome.Completed)
            {
                activity.SetStatus(ActivityStatusCode.Error, outcome.ToString());
            }
        }

        return result;
    }

    public static Activity? StartSubCall(string path, int depth, SubCallKind kind, int promptChars) =>
        Start(RlmTelemetry.SubCallActivityName, path, depth)?.SetTag("rlm.sub_call.kind", kind.ToString()).SetTag("rlm.prompt.chars", promptChars);

    public static void SubCallEnded(Activity? activity, bool succeeded, RlmUsage usage)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("rlm.sub_call.succeeded", succeeded);
        if (usage.Calls > 0)
        {
            activity.SetTag("gen_ai.usage.input_tokens", usage.InputTokens).SetTag("gen_ai.usage.output_tokens", usage.OutputTokens);
        }

        if (!succeeded)
        {
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }

    private static Activity? Start(string name, string path, int depth)
    {
        var activity = Source.StartActivity(name, ActivityKind.Internal);
        if (activity is not null)
        {
            activity.DisplayName = $"{name} {path}";
            activity.SetTag("rlm.path", path).SetTag("rlm.depth", depth);
        }

        return activity;
    }
}
