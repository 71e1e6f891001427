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

    /// <summary>
    /// Throws when the running snippet has passed its deadline, was cancelled, hit a limit or has ended, and when no
    /// snippet is running on this flow at all: code a snippet defined that some other code calls outside the snippet
    /// (a host thread formatting a value, a callback) fails closed instead of running outside every limit.
    /// </summary>
    public static void Check() => (s_scope.Value ?? throw OutsideSnippet()).Check();

    /// <summary>
    /// Injected as the filter of every <c>catch</c> in a snippet: false once a limit has tripped, so no handler of the
    /// snippet runs for it, and false outside any snippet.
    /// </summary>
    /// <returns>Whether the snippet's handler may run.</returns>
    public static bool MayCatch() => s_scope.Value?.MayCatch() ?? false;

    /// <summary>Injected as the first initializer of snippet classes: checks before any other initializer runs.</summary>
    /// <returns>True.</returns>
    public static bool Initializing()
    {
        Check();
        return true;
    }

    /// <summary>
    /// Injected around the target of every <c>lock</c> statement: refuses objects the host shares with the snippet
    /// (console writers and readers, streams, <see cref="Type"/> objects, strings, which may be interned, and the
    /// engine's own objects). A snippet that blocked while holding one would stall the host for good.
    /// </summary>
    /// <typeparam name="T">The target's type (kept, so a <c>System.Threading.Lock</c> still locks as one).</typeparam>
    /// <param name="target">What the snippet locks.</param>
    /// <returns><paramref name="target"/>.</returns>
    /// <exception cref="InvalidOperationException">The target is shared with the host.</exception>
    public static T Lockable<T>(T target)
        where T : class?
    {
        Check();
        if (target is TextWriter or TextReader or Stream or Type or string
            || (target is not null && target.GetType().Assembly == typeof(ScriptCheckpoint).Assembly))
        {
            throw new InvalidOperationException(
                $"lock ({target.GetType().Name}): that object is shared with the host. Lock an object the snippet created: var gate = new object(); lock (gate) {{ ... }}");
        }

        return target;
    }

    /// <summary>
    /// Injected around the operand of every <c>await</c> in a snippet: a checkpoint as soon as the awaited work is done,
    /// before the snippet's code after the <c>await</c> resumes. Work a snippet started and did not await therefore
    /// never runs another statement once its snippet has ended (nor past its deadline).
    /// </summary>
    /// <param name="task">What the snippet awaits.</param>
    /// <returns>The same outcome, checked.</returns>
    public static async Task Resuming(Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        await task.ConfigureAwait(false);
        Check();
    }

    /// <inheritdoc cref="Resuming(Task)"/>
    /// <typeparam name="T">The task's result.</typeparam>
    public static async Task<T> Resuming<T>(Task<T> task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var result = await task.ConfigureAwait(false);
        Check();
        return result;
    }

    /// <inheritdoc cref="Resuming(Task)"/>
    public static async ValueTask Resuming(ValueTask task)
    {
        await task.ConfigureAwait(false);
        Check();
    }

    /// <inheritdoc cref="Resuming(Task)"/>
    /// <typeparam name="T">The task's result.</typeparam>
    public static async ValueTask<T> Resuming<T>(ValueTask<T> task)
    {
        var result = await task.ConfigureAwait(false);
        Check();
        return result;
    }

    /// <inheritdoc cref="Resuming(Task)"/>
    /// <param name="yielding">What <c>Task.Yield()</c> returns.</param>
    public static async Task Resuming(System.Runtime.CompilerServices.YieldAwaitable yielding)
    {
        await yielding;
        Check();
    }

    /// <summary>Any other awaitable is the snippet's own: its awaiter's methods carry their own checkpoints.</summary>
    /// <typeparam name="T">The awaitable.</typeparam>
    /// <param name="awaitable">What the snippet awaits.</param>
    /// <returns><paramref name="awaitable"/>.</returns>
    public static T Resuming<T>(T awaitable) => awaitable;

    private static InvalidOperationException OutsideSnippet() =>
        new("Code a snippet defined was called outside its snippet; it runs only inside a snippet, under the snippet's limits.");

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
