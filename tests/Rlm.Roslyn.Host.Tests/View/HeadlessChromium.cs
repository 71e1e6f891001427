using System.Diagnostics;

namespace Rlm.Roslyn.Host.Tests.View;

/// <summary>
/// Debian's chromium, headless (--no-sandbox, a fresh --user-data-dir each run, page console messages logged to
/// stderr). CI installs it (.ci/run); a machine without it fails the tests that need it, saying how to install it.
/// </summary>
internal static class HeadlessChromium
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>CHROMIUM if set, else the first of chromium / chromium-browser on the usual paths.</summary>
    public static string Path =>
        new[] { Environment.GetEnvironmentVariable("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p))
        ?? throw new InvalidOperationException("Chromium is not installed: run 'apt-get update && apt-get install -y chromium' (as .ci/run does) or set CHROMIUM to its path.");

    /// <summary>Runs chromium with <paramref name="arguments"/> after the common ones; returns its exit code, stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] arguments)
    {
        var profile = Directory.CreateTempSubdirectory("rlm-chromium-").FullName;
        try
        {
            var start = new ProcessStartInfo(Path)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", $"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", .. arguments])
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(Timeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not finish within {Timeout.TotalSeconds} s: {string.Join(' ', arguments)}");
            }

            return (process.ExitCode, await output, await error);
        }
        finally
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // Chromium may still hold a lock file for a moment; a leftover temp folder must not fail the test.
            }
        }
    }

    /// <summary>The messages the page wrote to its console (chromium logs each as a ":CONSOLE" line).</summary>
    public static IReadOnlyList<string> ConsoleMessages(string stderr) =>
        stderr.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal)).ToList();
}
