namespace Rlm.Roslyn;

/// <summary>
/// What the loop needs to know about the language the root model writes, besides running it (that is the
/// <see cref="ICodeSession"/>'s): its system prompt, which blocks of a reply are code, and what the model is told
/// when a turn ran nothing or a <c>FINAL_VAR</c> names nothing.
/// </summary>
/// <param name="Name">The language's name in <see cref="CodeEvent.Language"/>: "csharp" or "python".</param>
/// <param name="BuildSystemPrompt">The system prompt for a run at a depth.</param>
/// <param name="ExtractBlocks">The blocks of a reply that run, in order.</param>
/// <param name="NoCodeNoAnswer">The feedback for a turn that ran no code and gave no answer.</param>
/// <param name="MissingFinalVariable">The feedback for a <c>FINAL_VAR</c> naming no variable.</param>
internal sealed record CodeDialect(
    string Name,
    Func<int, string> BuildSystemPrompt,
    Func<string, IReadOnlyList<CodeBlock>> ExtractBlocks,
    string NoCodeNoAnswer,
    Func<string, string> MissingFinalVariable)
{
    public static CodeDialect CSharp(RlmOptions options) => new(
        "csharp",
        depth => SystemPrompt.Build(options, depth),
        reply => ReplyParser.ExtractCodeBlocks(reply),
        SystemPrompt.NoCodeNoAnswer,
        SystemPrompt.MissingFinalVariable);

    public static CodeDialect Python(RlmOptions options) => new(
        "python",
        depth => PythonPrompt.Build(options, depth),
        reply => ReplyParser.ExtractCodeBlocks(reply, CodeLanguage.Python, pythonEnabled: true).Where(b => b.Language == CodeLanguage.Python).ToList(),
        PythonPrompt.NoCodeNoAnswer,
        PythonPrompt.MissingFinalVariable);
}
