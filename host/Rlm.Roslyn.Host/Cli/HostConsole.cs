namespace Rlm.Roslyn.Host;

/// <summary>The console the host talks to; tests pass their own writers, streams and environment.</summary>
/// <param name="Out">Where answers go.</param>
/// <param name="Error">Where errors and progress go.</param>
/// <param name="OpenStandardInput">Opens standard input as bytes (for the path "-", and for snippets piped to <c>rlm repl</c>).</param>
/// <param name="GetEnvironmentVariable">Reads an environment variable.</param>
internal sealed record HostConsole(TextWriter Out, TextWriter Error, Func<Stream> OpenStandardInput, Func<string, string?> GetEnvironmentVariable)
{
    public static HostConsole System { get; } =
        new(Console.Out, Console.Error, Console.OpenStandardInput, Environment.GetEnvironmentVariable)
        {
            // Console.In sets the terminal up on first use, so only a command that reads lines touches it.
            OpenTerminalInput = static () => Console.In,
            OpenStandardOutput = Console.OpenStandardOutput,
            IsInputRedirected = Console.IsInputRedirected,
            IsOutputTerminal = !Console.IsOutputRedirected,
            IsErrorTerminal = !Console.IsErrorRedirected,
        };

    /// <summary>Opens standard input as lines typed at a terminal (used only when <see cref="IsInputRedirected"/> is false). Default: empty.</summary>
    public Func<TextReader> OpenTerminalInput { get; init; } = static () => TextReader.Null;

    /// <summary>Opens standard output as bytes, for commands that print a lot (<c>rlm grep</c>); <see langword="null"/> (the default) writes through <see cref="Out"/>.</summary>
    public Func<Stream>? OpenStandardOutput { get; init; }

    /// <summary>False when standard input is a terminal a person types into. Default: true.</summary>
    public bool IsInputRedirected { get; init; } = true;

    /// <summary>True when standard output is a terminal (the answer is then streamed as the model writes it). Default: false.</summary>
    public bool IsOutputTerminal { get; init; }

    /// <summary>True when standard error is a terminal (progress is then drawn as a live tree). Default: false.</summary>
    public bool IsErrorTerminal { get; init; }

    /// <summary>Where Ctrl+C goes first: a command that handles it itself registers here.</summary>
    public ConsoleInterrupts Interrupts { get; init; } = new();
}
