namespace Rlm.Roslyn.AllowLists;

/// <summary>A refusal rule: its diagnostic id, the family of APIs it covers and what the model should use instead.</summary>
/// <param name="Id">The diagnostic id, for example RLM001.</param>
/// <param name="Family">A few words naming what is refused, for example "files".</param>
/// <param name="Hint">A sentence telling the model what to do instead.</param>
internal sealed record SandboxRule(string Id, string Family, string Hint)
{
    /// <summary>The message for one refused thing: what, why and what to use instead.</summary>
    public string Message(string refused) => $"'{refused}' is not allowed in snippets ({Family}). {Hint}";
}
