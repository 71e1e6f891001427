using Microsoft.Extensions.Logging;

namespace Rlm.Roslyn;

/// <summary>The engine's log messages. Context text and prompts are logged only at Trace.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "RLM {Path} started at depth {Depth} over {ContextChars} chars")]
    public static partial void RunStarted(ILogger logger, string path, int depth, int contextChars);

    [LoggerMessage(2, LogLevel.Debug, "RLM {Path} turn {Iteration}: {Blocks} code block(s)")]
    public static partial void Turn(ILogger logger, string path, int iteration, int blocks);

    [LoggerMessage(3, LogLevel.Trace, "RLM {Path} turn {Iteration} reply: {Reply}")]
    public static partial void Reply(ILogger logger, string path, int iteration, string reply);

    [LoggerMessage(4, LogLevel.Debug, "RLM {Path} snippet {Block} of turn {Iteration}: {Outcome} in {ElapsedMs} ms")]
    public static partial void Snippet(ILogger logger, string path, int iteration, int block, SnippetOutcome outcome, double elapsedMs);

    [LoggerMessage(5, LogLevel.Warning, "Sub-call {Path} failed; the script gets an error string")]
    public static partial void SubCallFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(6, LogLevel.Error, "RLM {Path}: the root LM call failed; the run ends")]
    public static partial void RootCallFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(7, LogLevel.Warning, "RLM {Path}: a snippet was abandoned; the session was reset")]
    public static partial void SessionReset(ILogger logger, string path);

    [LoggerMessage(8, LogLevel.Debug, "RLM {Path} ended ({Ending}) after {Iterations} turn(s)")]
    public static partial void RunEnded(ILogger logger, string path, RlmEnding ending, int iterations);
}
