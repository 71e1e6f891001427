using System.Diagnostics;
using System.Globalization;

namespace Rlm.Roslyn.Benchmarks;

/// <summary>
/// <c>load [--sequential] FILE...</c>: loads the files once with <see cref="ContextLoader"/> in a fresh process and prints the time and the
/// process's peak working set, so <c>/usr/bin/time -v</c> (Maximum resident set size) can be read against the file size.
/// </summary>
internal static class LoadCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var sequential = args.Contains("--sequential");
        args = [.. args.Where(a => a != "--sequential")];
        if (args.Length == 0)
        {
            Console.Error.WriteLine("Usage: load [--sequential] FILE...");
            return 2;
        }

        var bytes = args.Sum(a => new FileInfo(a).Length);
        var clock = Stopwatch.StartNew();
        var context = await ContextLoader.LoadAsync(args, new ContextLoadOptions { ParallelDecodeMinBytes = sequential ? long.MaxValue : 32L << 20 }).ConfigureAwait(false);
        var elapsed = clock.Elapsed;
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"loaded {bytes:N0} bytes into {context.Length:N0} chars in {elapsed.TotalSeconds:0.000} s ({bytes / elapsed.TotalSeconds / 1e9:0.00} GB/s); "
            + $"peak working set {process.PeakWorkingSet64 / 1e6:N0} MB = {(double)process.PeakWorkingSet64 / bytes:0.00}x the bytes; "
            + $"{context.Report.ReplacedInvalidBytes:N0} invalid sequences replaced"));
        return 0;
    }
}
