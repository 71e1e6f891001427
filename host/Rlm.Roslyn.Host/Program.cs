namespace Rlm.Roslyn.Host;

/// <summary>The <c>rlm</c> console.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // First Ctrl+C cancels the run cleanly (the trace keeps what happened); a second one kills.
            if (!cancel.IsCancellationRequested)
            {
                e.Cancel = true;
                cancel.Cancel();
            }
        };

        return await RlmCli.RunAsync(args, HostConsole.System, cancel.Token).ConfigureAwait(false);
    }
}
