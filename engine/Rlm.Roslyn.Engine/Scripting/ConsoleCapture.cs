using System.Text;

namespace Rlm.Roslyn;

/// <summary>
/// Routes <see cref="Console.Out"/> and <see cref="Console.Error"/> to the snippet running on the current
/// async flow, so concurrent sessions each capture their own output. Outside a snippet, writes go to the
/// original console. Installed once per process, on first use.
/// </summary>
internal static class ConsoleCapture
{
    private static readonly AsyncLocal<TextWriter?> s_current = new();
    private static readonly Lock s_gate = new();
    private static bool s_installed;

    /// <summary>The writer of the snippet on this async flow, if any.</summary>
    public static TextWriter? Current => s_current.Value;

    /// <summary>Installs the router (idempotent) and sets this flow's target. Call inside the snippet's own task.</summary>
    public static void Enter(TextWriter target)
    {
        EnsureInstalled();
        s_current.Value = target;
    }

    private static void EnsureInstalled()
    {
        lock (s_gate)
        {
            if (s_installed)
            {
                return;
            }

            Console.SetOut(new RoutingWriter(Console.Out));
            Console.SetError(new RoutingWriter(Console.Error));
            s_installed = true;
        }
    }

    private sealed class RoutingWriter(TextWriter fallback) : TextWriter
    {
        private TextWriter Target => s_current.Value ?? fallback;

        public override Encoding Encoding => fallback.Encoding;

        public override IFormatProvider FormatProvider => fallback.FormatProvider;

        /// <summary>
        /// The line break of the writer this flow writes to: a snippet that sets it changes only its own capture,
        /// never the host's console (nor another session's snippet).
        /// </summary>
        [System.Diagnostics.CodeAnalysis.AllowNull]
        public override string NewLine
        {
            get => Target.NewLine;
            set => Target.NewLine = value;
        }

        public override void Write(char value) => Target.Write(value);

        public override void Write(char[] buffer, int index, int count) => Target.Write(buffer, index, count);

        public override void Write(ReadOnlySpan<char> buffer) => Target.Write(buffer);

        public override void Write(string? value) => Target.Write(value);

        public override void WriteLine() => Target.WriteLine();

        public override void WriteLine(string? value) => Target.WriteLine(value);

        public override void Flush() => Target.Flush();

        public override Task FlushAsync() => Target.FlushAsync();
    }
}
