namespace Rlm.Roslyn.Host.Tests.Fakes;

/// <summary>Root-model replies as a model writes them: prose, a ```csharp block, and optional prose after it.</summary>
internal static class ModelReply
{
    public static string WithCode(string intro, string code, string? after = null) =>
        $"{intro}\n\n```csharp\n{code.Trim()}\n```\n" + (after is null ? "" : $"\n{after}\n");

    /// <summary>The root turn a request asks for: 1 plus the assistant replies already in its history.</summary>
    public static int TurnOf(ChatRequestRecord request) =>
        1 + request.Messages.Count(m => string.Equals(m.Role, "assistant", StringComparison.Ordinal));
}
