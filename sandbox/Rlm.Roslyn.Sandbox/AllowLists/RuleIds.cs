namespace Rlm.Roslyn.AllowLists;

/// <summary>
/// Rule ids the analyzer raises for language constructs rather than for APIs, plus the fallback for anything the
/// allow-list does not name. Their texts come from the allow-list's <c>rule</c> lines when it declares them.
/// </summary>
internal static class RuleIds
{
    public const string Dynamic = "RLM006";
    public const string Unsafe = "RLM007";
    public const string Interop = "RLM008";
    public const string Finalizer = "RLM012";
    public const string UndocumentedKeyword = "RLM013";
    public const string Goto = "RLM014";
    public const string AsyncVoid = "RLM015";
    public const string RegexTimeout = "RLM016";
    public const string NotAllowListed = "RLM100";

    /// <summary>Used when an allow-list does not declare one of the construct rules.</summary>
    public static readonly IReadOnlyDictionary<string, SandboxRule> Fallbacks = new Dictionary<string, SandboxRule>(StringComparer.Ordinal)
    {
        [Dynamic] = new(Dynamic, "dynamic", "Use static types: var, object with pattern matching, or a record."),
        [Unsafe] = new(Unsafe, "unsafe code", "Use arrays, Span<T> over arrays, or string APIs."),
        [Interop] = new(Interop, "native interop and raw memory", "Use ordinary arrays, collections and string APIs."),
        [Finalizer] = new(Finalizer, "finalizers", "Use IDisposable with a using statement."),
        [UndocumentedKeyword] = new(UndocumentedKeyword, "undocumented keywords", "Use params arrays and generics."),
        [Goto] = new(Goto, "goto", "Use a while or for loop (loops carry the snippet's time checks; jumps do not)."),
        [AsyncVoid] = new(AsyncVoid, "async void", "Return Task instead (async Task M(), Func<Task>) and await it: an exception escaping async void ends the whole process."),
        [RegexTimeout] = new(RegexTimeout, "regex timeouts", "Regexes in snippets use the engine's match timeout (a few seconds): leave out the matchTimeout argument, or use RegexOptions.NonBacktracking for patterns that may backtrack badly."),
        [NotAllowListed] = new(NotAllowListed, "not on the allow-list", "Use text, collections, LINQ, regex and math APIs, or the helpers (Grep, Partition, Llm, Recurse)."),
    };
}
