using Microsoft.Extensions.Logging;

namespace Rlm.Roslyn;

/// <summary>Log messages of <see cref="RecursiveContextChatClient"/> (category: its full type name).</summary>
internal static partial class RecursiveContextLog
{
    [LoggerMessage(101, LogLevel.Debug, "Request passed through: no user text part reaches {MinContextChars} chars")]
    public static partial void PassedThrough(ILogger logger, int minContextChars);

    [LoggerMessage(102, LogLevel.Information, "Request routed through an RLM: {Documents} document(s), {ContextChars} chars of context, a {QueryChars}-char query")]
    public static partial void Routed(ILogger logger, int documents, int contextChars, int queryChars);

    [LoggerMessage(103, LogLevel.Trace, "RLM query: {Query}")]
    public static partial void Query(ILogger logger, string query);

    [LoggerMessage(104, LogLevel.Information, "RLM run ended ({Ending}) after {Iterations} turn(s), {Calls} LM call(s), {Tokens} tokens, {ElapsedMs} ms")]
    public static partial void RunEnded(ILogger logger, RlmEnding ending, int iterations, long calls, long tokens, double elapsedMs);

    [LoggerMessage(105, LogLevel.Warning, "RLM run failed: {Reason}")]
    public static partial void RunFailed(ILogger logger, string? reason);
}
