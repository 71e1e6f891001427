using System.Reflection;

namespace Rlm.Roslyn.Host.Tests.Packaging;

/// <summary>
/// Packs the engine, sandbox and extensions libraries and the rlm tool, as built for this test run (same
/// configuration, <c>--no-build</c>), into a fresh local feed shared by the packaging tests, deleted afterwards.
/// </summary>
public sealed class PackagedFeed : IAsyncLifetime
{
    public static readonly string[] Projects =
    [
        "engine/Rlm.Roslyn.Engine/Rlm.Roslyn.Engine.csproj",
        "sandbox/Rlm.Roslyn.Sandbox/Rlm.Roslyn.Sandbox.csproj",
        "engine/Rlm.Roslyn.Extensions/Rlm.Roslyn.Extensions.csproj",
        "host/Rlm.Roslyn.Host/Rlm.Roslyn.Host.csproj",
    ];

    public string Root { get; } = FindRepositoryRoot();

    public string Folder { get; } = Directory.CreateTempSubdirectory("rlm-pack-").FullName;

    public string Feed => Path.Combine(Folder, "feed");

    /// <summary>The package version the projects pack as (the repository's VersionPrefix).</summary>
    public string Version { get; private set; } = string.Empty;

    public static string Configuration =>
        typeof(PackagedFeed).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public async ValueTask InitializeAsync()
    {
        foreach (var project in Projects)
        {
            var (exit, output, error) = await DotnetProcess.RunAsync(
                "dotnet", ["pack", Path.Combine(Root, project), "--no-build", "-c", Configuration, "-o", Feed], Root);
            if (exit != 0)
            {
                throw new InvalidOperationException($"dotnet pack {project} failed ({exit}):\n{output}\n{error}");
            }
        }

        var engine = Directory.GetFiles(Feed, "Rlm.Roslyn.Engine.*.nupkg").Single(f => !f.EndsWith(".snupkg", StringComparison.Ordinal));
        Version = Path.GetFileNameWithoutExtension(engine)["Rlm.Roslyn.Engine.".Length..];
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A tool process may still hold a file for a moment; the temp folder is cleaned by the system later.
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Writes a nuget.config that restores only from the local feed (and, when asked, nuget.org for the rest).</summary>
    public string WriteNuGetConfig(string folder, bool withNuGetOrg)
    {
        var path = Path.Combine(folder, "nuget.config");
        File.WriteAllText(path, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{Feed}" />
                {(withNuGetOrg ? """<add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />""" : string.Empty)}
              </packageSources>
            </configuration>
            """);
        return path;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Rlm.Roslyn.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Rlm.Roslyn.sln) was not found above the test binaries.");
    }
}
