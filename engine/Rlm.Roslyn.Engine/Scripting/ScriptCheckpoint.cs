using System.ComponentModel;

namespace Rlm.Roslyn;

/// <summary>
/// The checkpoint the engine injects into code declared inside snippet types. Not for direct use.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ScriptCheckpoint
{
    private static readonly AsyncLocal<SnippetScope?> s_scope = new();

    internal static SnippetScope? Scope
    {
        get => s_scope.Value;
        set => s_scope.Value = value;
    }

    /// <summary>Throws when the running snippet has passed its deadline or was cancelled.</summary>
    public static void Check() => s_scope.Value?.Check();
}
