using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;

namespace Rlm.Roslyn.Snippets;

/// <summary>
/// The console a snippet writes to. The engine rewrites <c>Console.Write</c>, <c>Console.WriteLine</c>,
/// <c>Console.Out</c> and <c>Console.Error</c> in snippets to these members, which write to the snippet's own captured
/// output. Not for direct use.
/// </summary>
/// <remarks>
/// Why not the process's <see cref="System.Console"/>: its writers are synchronized on themselves, the host takes the
/// same lock for every console write, and <c>WriteLine(object)</c> calls the argument's <c>ToString</c> while holding
/// it. A snippet whose <c>ToString</c> blocks would then stop the host's console for good. Here, formatting runs under
/// no lock anyone else takes.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[SuppressMessage("Naming", "CA1724", Justification = "It stands in for System.Console in snippets, by the same name, so snippet text stays as written.")]
public static class Console
{
    /// <summary>The running snippet's output.</summary>
    public static TextWriter Out => Current;

    /// <summary>The running snippet's output (errors and output are read together).</summary>
    public static TextWriter Error => Current;

    private static TextWriter Current
    {
        get
        {
            ScriptCheckpoint.Check();
            return ScriptCheckpoint.Scope!.Output;
        }
    }

    /// <summary>Writes a line break.</summary>
    public static void WriteLine() => Current.WriteLine();

    /// <summary>Writes a value and a line break.</summary>
    /// <param name="value">The value.</param>
    public static void WriteLine(string? value) => Current.WriteLine(value);

    /// <inheritdoc cref="WriteLine(string?)"/>
    public static void WriteLine(object? value) => Current.WriteLine(value);

    /// <inheritdoc cref="WriteLine(string?)"/>
    public static void WriteLine(bool value) => Current.WriteLine(value);

    /// <inheritdoc cref="WriteLine(string?)"/>
    public static void WriteLine(char value) => Current.WriteLine(value);

    /// <inheritdoc cref="WriteLine(string?)"/>
    public static void WriteLine(int value) => Current.WriteLine(value);

    /// <inheritdoc cref="WriteLine(string?)"/>
    public static void WriteLine(uint value) => Current.WriteLine(value);

    /// <inheritdoc cref="WriteLine(string?)"/>
    public static void WriteLine(long value) => Current.WriteLine(value);

    /// <inheritdoc cref="WriteLine(string?)"/>
    public static void WriteLine(ulong value) => Current.WriteLine(value);

    /// <inheritdoc cref="WriteLine(string?)"/>
    public static void WriteLine(float value) => Current.WriteLine(value);

    /// <inheritdoc cref="WriteLine(string?)"/>
    public static void WriteLine(double value) => Current.WriteLine(value);

    /// <inheritdoc cref="WriteLine(string?)"/>
    public static void WriteLine(decimal value) => Current.WriteLine(value);

    /// <inheritdoc cref="WriteLine(string?)"/>
    public static void WriteLine(char[]? buffer) => Current.WriteLine(buffer);

    /// <summary>Writes part of a buffer and a line break.</summary>
    /// <param name="buffer">The characters.</param>
    /// <param name="index">Where to start.</param>
    /// <param name="count">How many.</param>
    public static void WriteLine(char[] buffer, int index, int count) => Current.WriteLine(buffer, index, count);

    /// <summary>Writes formatted text and a line break.</summary>
    /// <param name="format">A composite format string.</param>
    /// <param name="arg">The values.</param>
    public static void WriteLine([StringSyntax(StringSyntaxAttribute.CompositeFormat)] string format, params object?[] arg) => Current.WriteLine(format, arg);

    /// <summary>Writes a value.</summary>
    /// <param name="value">The value.</param>
    public static void Write(string? value) => Current.Write(value);

    /// <inheritdoc cref="Write(string?)"/>
    public static void Write(object? value) => Current.Write(value);

    /// <inheritdoc cref="Write(string?)"/>
    public static void Write(bool value) => Current.Write(value);

    /// <inheritdoc cref="Write(string?)"/>
    public static void Write(char value) => Current.Write(value);

    /// <inheritdoc cref="Write(string?)"/>
    public static void Write(int value) => Current.Write(value);

    /// <inheritdoc cref="Write(string?)"/>
    public static void Write(uint value) => Current.Write(value);

    /// <inheritdoc cref="Write(string?)"/>
    public static void Write(long value) => Current.Write(value);

    /// <inheritdoc cref="Write(string?)"/>
    public static void Write(ulong value) => Current.Write(value);

    /// <inheritdoc cref="Write(string?)"/>
    public static void Write(float value) => Current.Write(value);

    /// <inheritdoc cref="Write(string?)"/>
    public static void Write(double value) => Current.Write(value);

    /// <inheritdoc cref="Write(string?)"/>
    public static void Write(decimal value) => Current.Write(value);

    /// <inheritdoc cref="Write(string?)"/>
    public static void Write(char[]? buffer) => Current.Write(buffer);

    /// <summary>Writes part of a buffer.</summary>
    /// <param name="buffer">The characters.</param>
    /// <param name="index">Where to start.</param>
    /// <param name="count">How many.</param>
    public static void Write(char[] buffer, int index, int count) => Current.Write(buffer, index, count);

    /// <summary>Writes formatted text.</summary>
    /// <param name="format">A composite format string.</param>
    /// <param name="arg">The values.</param>
    public static void Write([StringSyntax(StringSyntaxAttribute.CompositeFormat)] string format, params object?[] arg) => Current.Write(format, arg);
}
