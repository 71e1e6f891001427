namespace Rlm.Roslyn.Host;

/// <summary>The console the host talks to; tests pass their own writers, streams and environment.</summary>
/// <param name="Out">Where answers go.</param>
/// <param name="Error">Where errors and progress go.</param>
/// <param name="OpenStandardInput">Opens standard input (for the path "-").</param>
/// <param name="GetEnvironmentVariable">Reads an environment variable.</param>
internal sealed record HostConsole(TextWriter Out, TextWriter Error, Func<Stream> OpenStandardInput, Func<string, string?> GetEnvironmentVariable)
{
    public static HostConsole System { get; } =
        new(Console.Out, Console.Error, Console.OpenStandardInput, Environment.GetEnvironmentVariable);
}
