namespace Rlm.Roslyn.Tests.Fakes;

/// <summary>Builds model replies with fenced code.</summary>
internal static class Code
{
    public static string Block(string code, string language = "csharp") => $"```{language}\n{code}\n```";

    public static string Reply(params string[] blocks) => "Let me look.\n\n" + string.Join("\n\nNext:\n", blocks.Select(b => Block(b)));
}
