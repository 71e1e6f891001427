using Microsoft.Extensions.AI;

namespace Rlm.Roslyn.Tests.Fakes;

/// <summary>Tells the kinds of requests a run makes apart.</summary>
internal static class Prompts
{
    /// <summary>True for a turn of an RLM (it has a system prompt), false for a plain sub-call.</summary>
    public static bool IsRlmTurn(IReadOnlyList<ChatMessage> messages) => messages[0].Role == ChatRole.System;

    /// <summary>The depth an RLM turn's system prompt names (0 for the root).</summary>
    public static int DepthOf(IReadOnlyList<ChatMessage> messages)
    {
        var text = messages[0].Text;
        var marker = text.IndexOf("sub-RLM at depth ", StringComparison.Ordinal);
        return marker < 0 ? 0 : text[marker + "sub-RLM at depth ".Length] - '0';
    }

    /// <summary>Turns the RLM has had so far in this conversation (assistant messages).</summary>
    public static int TurnsSoFar(IReadOnlyList<ChatMessage> messages) => messages.Count(m => m.Role == ChatRole.Assistant);

    /// <summary>The question line of an RLM's first user message.</summary>
    public static string Question(IReadOnlyList<ChatMessage> messages) =>
        messages[1].Text.Split('\n')[0]["Question: ".Length..];
}
