namespace Rlm.Roslyn;

/// <summary>One message of a prompt.</summary>
/// <param name="Role">"system", "user" or "assistant".</param>
/// <param name="Text">Its text.</param>
public readonly record struct PromptMessage(string Role, string Text);
