namespace Rlm.Roslyn.Host.Tests.Progress;

/// <summary>Hand-made run events at fixed times, for progress displays.</summary>
internal static class ProgressEvents
{
    public static readonly DateTimeOffset Start = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset At(double seconds) => Start.AddSeconds(seconds);

    public static RunStartedEvent Run(string path, double at, string query = "What is the capital?") =>
        new() { Path = path, Depth = Depth(path), Query = query, ContextChars = 1_000, DocumentCount = 2, Timestamp = At(at) };

    public static ModelReplyEvent Reply(string path, int iteration, double at, long tokens = 100) =>
        new() { Path = path, Depth = Depth(path), Iteration = iteration, Text = "reply", Usage = new RlmUsage(1, tokens - 10, 10), Timestamp = At(at) };

    public static CodeEvent Code(string path, int iteration, double at) =>
        new() { Path = path, Depth = Depth(path), Iteration = iteration, Block = 0, Language = "csharp", Code = "Print(1);", Timestamp = At(at) };

    public static CodeOutputEvent Output(string path, int iteration, double at, SnippetOutcome outcome = SnippetOutcome.Completed) =>
        new() { Path = path, Depth = Depth(path), Iteration = iteration, Block = 0, Outcome = outcome, Output = "1\n", ElapsedMs = 12, Timestamp = At(at) };

    public static SubCallStartedEvent Started(string path, SubCallKind kind, double at, string prompt = "sub question") =>
        new() { Path = path, Depth = Depth(path), Kind = kind, Prompt = prompt, PromptChars = prompt.Length, Timestamp = At(at) };

    public static SubCallCompletedEvent Completed(string path, SubCallKind kind, double at, string response = "sub answer", bool succeeded = true) =>
        new() { Path = path, Depth = Depth(path), Kind = kind, Succeeded = succeeded, Response = response, Usage = kind == SubCallKind.Llm ? new RlmUsage(1, 40, 2) : default, ElapsedMs = 500, Timestamp = At(at) };

    public static FinalEvent Final(string path, double at, string answer = "Paris") =>
        new()
        {
            Path = path,
            Depth = Depth(path),
            Result = new RlmResult(answer, RlmEnding.Final, null, 2, new RlmUsage(3, 300, 30), new Dictionary<int, RlmUsage>(), TimeSpan.FromSeconds(at)),
            Timestamp = At(at),
        };

    private static int Depth(string path) => path.Count(c => c == '.');
}
