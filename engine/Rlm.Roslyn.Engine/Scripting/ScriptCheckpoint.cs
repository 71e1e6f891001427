using System.ComponentModel;

namespace Rlm.Roslyn;

/// <summary>
/// The checkpoints the engine injects into snippets. Not for direct use.
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

    /// <summary>Throws when the running snippet has passed its deadline, was cancelled, hit a limit or has ended.</summary>
    public static void Check() => s_scope.Value?.Check();

    /// <summary>Injected as the filter of every <c>catch</c> in a snippet: false once a limit has tripped, so no handler of the snippet runs for it.</summary>
    /// <returns>Whether the snippet's handler may run.</returns>
    public static bool MayCatch() => s_scope.Value?.MayCatch() ?? true;

    /// <summary>
    /// Injected as the first field of every record a snippet declares: the record's synthesized <c>Equals</c> and
    /// <c>GetHashCode</c> compare and hash it first, so a record that contains itself meets a checkpoint on every level.
    /// </summary>
    public readonly struct RecordGuard : IEquatable<RecordGuard>
    {
        /// <summary>Checks, then compares equal.</summary>
        /// <param name="other">The other guard.</param>
        /// <returns>True.</returns>
        public bool Equals(RecordGuard other)
        {
            Check();
            return true;
        }

        /// <summary>Checks, then compares equal to any guard.</summary>
        /// <param name="obj">The other object.</param>
        /// <returns>Whether it is a guard.</returns>
        public override bool Equals(object? obj)
        {
            Check();
            return obj is RecordGuard;
        }

        /// <summary>Checks, then returns 0.</summary>
        /// <returns>0.</returns>
        public override int GetHashCode()
        {
            Check();
            return 0;
        }

        /// <summary>Always equal.</summary>
        /// <param name="left">A guard.</param>
        /// <param name="right">Another guard.</param>
        /// <returns>True.</returns>
        public static bool operator ==(RecordGuard left, RecordGuard right) => left.Equals(right);

        /// <summary>Never different.</summary>
        /// <param name="left">A guard.</param>
        /// <param name="right">Another guard.</param>
        /// <returns>False.</returns>
        public static bool operator !=(RecordGuard left, RecordGuard right) => !left.Equals(right);
    }
}
