using Spectre.Console;

namespace Rlm.Roslyn.Host;

/// <summary>Picks the progress display for a standard error stream.</summary>
internal static class RunProgress
{
    /// <summary>
    /// The live tree (<see cref="LiveProgress"/>) when <paramref name="isTerminal"/>, plain lines (<see cref="LineProgress"/>)
    /// when not and <paramref name="mode"/> is <see cref="ProgressMode.On"/>; null when nothing is to be shown.
    /// </summary>
    public static IRunProgress? Create(TextWriter error, bool isTerminal, ProgressMode mode)
    {
        ArgumentNullException.ThrowIfNull(error);
        return mode switch
        {
            ProgressMode.Off => null,
            _ when isTerminal => new LiveProgress(Terminal(error)),
            ProgressMode.On => new LineProgress(error),
            _ => null,
        };
    }

    /// <summary>A Spectre console drawing on <paramref name="error"/>, a standard error that is a terminal (live displays).</summary>
    public static IAnsiConsole Terminal(TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(error),
            Ansi = AnsiSupport.Detect,
            ColorSystem = ColorSystemSupport.Detect,
            Interactive = InteractionSupport.Yes,
        });
    }
}
