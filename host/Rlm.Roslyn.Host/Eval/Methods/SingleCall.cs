using Microsoft.Extensions.AI;

namespace Rlm.Roslyn.Host.Eval;

/// <summary>The one request the baselines send: instructions, the (cut or retrieved) context, the question.</summary>
internal static class SingleCall
{
    /// <summary>Tokens kept free in the window for the instructions and the question.</summary>
    public const int ReservedTokens = 512;

    /// <summary>Builds the prompt for <paramref name="context"/> and <paramref name="question"/>.</summary>
    public static string Prompt(string context, string question, string? note) =>
        "Answer the question about the context below. Think briefly if you need to, then end with the answer in the format the question asks for."
        + (note is null ? string.Empty : $"\nNote: {note}.")
        + "\n\n<context>\n" + context + "\n</context>\n\nQuestion: " + question;

    /// <summary>Sends <paramref name="prompt"/> in one call and returns the text and usage.</summary>
    public static async Task<(string Text, RlmUsage Usage)> AskAsync(IChatClient client, string prompt, CancellationToken cancellationToken)
    {
        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)], cancellationToken: cancellationToken).ConfigureAwait(false);
        var usage = new RlmUsage(1, response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0);
        return (response.Text, usage);
    }

    /// <summary>The chars of context that fit in a window of <paramref name="windowTokens"/> tokens next to <paramref name="question"/>.</summary>
    public static int ContextBudgetChars(int windowTokens, string question) =>
        Math.Max(0, EvalTokens.ToChars(Math.Max(0, windowTokens - ReservedTokens)) - question.Length);
}
