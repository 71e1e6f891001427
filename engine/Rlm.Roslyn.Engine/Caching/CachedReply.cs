namespace Rlm.Roslyn;

/// <summary>A sub-call answer as the cache keeps it.</summary>
/// <param name="Text">The assistant's text.</param>
/// <param name="ModelId">The model that answered, as the response named it.</param>
/// <param name="InputTokens">Input tokens the original call used.</param>
/// <param name="OutputTokens">Output tokens the original call used.</param>
/// <param name="FinishReason">Why the model stopped ("stop", "length"...), if known.</param>
public sealed record CachedReply(string Text, string? ModelId, long InputTokens, long OutputTokens, string? FinishReason);
