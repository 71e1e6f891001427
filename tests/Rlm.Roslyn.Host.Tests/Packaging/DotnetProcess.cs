using System.Diagnostics;
using System.Text;

namespace Rlm.Roslyn.Host.Tests.Packaging;

/// <summary>Runs a program (dotnet, an installed tool) to its end with a timeout and collects its output.</summary>
internal static class DotnetProcess
{
    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(
        string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        // The child must not join the test host's MSBuild node or inherit its test-platform switches.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment.Remove("MSBuildSDKsPath");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        process.StandardInput.Close();
        var output = new StringBuilder();
        var error = new StringBuilder();
        var readOut = Task.Run(async () => output.Append(await process.StandardOutput.ReadToEndAsync()));
        var readError = Task.Run(async () => error.Append(await process.StandardError.ReadToEndAsync()));
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} did not end within {timeout ?? TimeSpan.FromMinutes(5)}.");
        }

        await Task.WhenAll(readOut, readError);
        return (process.ExitCode, output.ToString(), error.ToString());
    }
}
