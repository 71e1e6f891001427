using Microsoft.Extensions.AI;

namespace Rlm.Roslyn.Extensions.Tests.Fakes;

/// <summary>Helpers to script a root model that speaks the RLM protocol.</summary>
internal static class RlmScript
{
    public static string Code(string code) => $"Let me look.\n\n```csharp\n{code}\n```";

    /// <summary>True when the request comes from an RLM run (its system prompt describes the session).</summary>
    public static bool IsRlmTurn(IReadOnlyList<ChatMessage> messages) =>
        messages.Count > 0 && messages[0].Role == ChatRole.System && messages[0].Text.Contains("Final(", StringComparison.Ordinal);

    /// <summary>A document of <paramref name="chars"/> chars with a needle line in the middle.</summary>
    public static string Haystack(int chars, string needle = "the vault code is 4417")
    {
        var text = new System.Text.StringBuilder(chars + 100);
        for (var i = 0; text.Length < chars; i++)
        {
            text.Append(i == 300 ? needle : $"line {i} holds nothing of note").Append('\n');
        }

        return text.ToString(0, chars);
    }
}
