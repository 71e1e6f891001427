namespace Rlm.Roslyn.Host;

/// <summary>The <c>rlm</c> console.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        var console = HostConsole.System;
        Console.CancelKeyPress += (_, e) =>
        {
            // A command that handles Ctrl+C itself (the REPL stops the running snippet) gets it first.
            if (console.Interrupts.TryInterrupt())
            {
                e.Cancel = true;
                return;
            }

            // First Ctrl+C cancels the run cleanly (the trace keeps what happened); a second one kills.
            if (!cancel.IsCancellationRequested)
            {
                e.Cancel = true;
                cancel.Cancel();
            }
        };

        return await RlmCli.RunAsync(args, console, cancel.Token).ConfigureAwait(false);
    }
}
