namespace Rlm.Roslyn.Host.Tests.Fakes;

/// <summary>A chat completion request as the <see cref="ScriptedOpenAIServer"/> received it.</summary>
/// <param name="Index">Zero-based arrival order on this server.</param>
/// <param name="Path">The request path, e.g. "/v1/chat/completions".</param>
/// <param name="Model">The "model" field, or "" when absent.</param>
/// <param name="Messages">The "messages" array, in order.</param>
/// <param name="Stream">The "stream" flag.</param>
/// <param name="IncludeUsage">The "stream_options.include_usage" flag: whether a streamed answer ends with a usage chunk.</param>
/// <param name="Body">The raw JSON body.</param>
internal sealed record ChatRequestRecord(
    int Index,
    string Path,
    string Model,
    IReadOnlyList<ChatMessageRecord> Messages,
    bool Stream,
    bool IncludeUsage,
    string Body)
{
    /// <summary>The text of the last message with the given role, or null when there is none.</summary>
    public string? LastContentOf(string role) =>
        Messages.LastOrDefault(m => string.Equals(m.Role, role, StringComparison.Ordinal))?.Content;
}
