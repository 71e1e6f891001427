namespace Rlm.Roslyn;

/// <summary>
/// Names under which the engine reports what it does, for OpenTelemetry and logging. Subscribe to
/// <see cref="ActivitySourceName"/> (for example <c>tracing.AddSource(RlmTelemetry.ActivitySourceName)</c>) to record one
/// activity per run, turn, snippet and sub-call. Activities nest as the recursion does:
/// run → turn → snippet → sub-call → (a child's) run → ... LM calls made through a client built with
/// <c>UseOpenTelemetry()</c> nest under the turn or sub-call that made them. Tags never hold prompts or context text.
/// </summary>
public static class RlmTelemetry
{
    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> name: <c>Rlm.Roslyn</c>.</summary>
    public const string ActivitySourceName = "Rlm.Roslyn";

    /// <summary>One RLM at one depth (the root or a child started by <c>Recurse</c>): <c>rlm.run</c>.</summary>
    public const string RunActivityName = "rlm.run";

    /// <summary>One root-model reply and the code blocks it ran: <c>rlm.turn</c>.</summary>
    public const string TurnActivityName = "rlm.turn";

    /// <summary>One code block compiled and run in the session: <c>rlm.snippet</c>.</summary>
    public const string SnippetActivityName = "rlm.snippet";

    /// <summary>One sub-call made by a snippet: a plain sub-LM call or a child RLM: <c>rlm.sub_call</c>.</summary>
    public const string SubCallActivityName = "rlm.sub_call";

    /// <summary>Log category of run lifecycle messages (start, turns, end, root-call failures): <c>Rlm.Roslyn.Engine</c>.</summary>
    public const string EngineLogCategory = "Rlm.Roslyn.Engine";

    /// <summary>Log category of snippet messages (outcome and time, session resets): <c>Rlm.Roslyn.Scripting</c>.</summary>
    public const string ScriptingLogCategory = "Rlm.Roslyn.Scripting";

    /// <summary>Log category of sub-call messages (failures turned into error strings): <c>Rlm.Roslyn.SubCalls</c>.</summary>
    public const string SubCallsLogCategory = "Rlm.Roslyn.SubCalls";
}
