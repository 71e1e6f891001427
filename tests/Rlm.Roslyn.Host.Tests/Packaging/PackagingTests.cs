using System.IO.Compression;
using System.Xml.Linq;
using Rlm.Roslyn.Host.Tests.Fakes;

namespace Rlm.Roslyn.Host.Tests.Packaging;

/// <summary>
/// The packages as users get them: the libraries carry their README, licence, XML docs and symbols; the tool
/// installs from a local feed and runs; the libraries restore into a fresh project that runs a query through AddRlm.
/// </summary>
public sealed class PackagingTests(PackagedFeed feed) : IClassFixture<PackagedFeed>
{
    [Theory]
    [InlineData("Rlm.Roslyn.Engine")]
    [InlineData("Rlm.Roslyn.Sandbox")]
    [InlineData("Rlm.Roslyn.Extensions")]
    public void Pack_Library_CarriesReadmeLicenceXmlDocsAndSymbols(string id)
    {
        using var package = ZipFile.OpenRead(Path.Combine(feed.Feed, $"{id}.{feed.Version}.nupkg"));
        var entries = package.Entries.Select(e => e.FullName).ToList();
        entries.Should().Contain([$"lib/net10.0/{id}.dll", $"lib/net10.0/{id}.xml", "README.md"]);

        var nuspec = XDocument.Load(package.Entries.Single(e => e.FullName == $"{id}.nuspec").Open());
        var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
        Value("license").Should().Be("MIT");
        Value("readme").Should().Be("README.md");
        Value("description").Should().NotBeNullOrWhiteSpace();

        using var symbols = ZipFile.OpenRead(Path.Combine(feed.Feed, $"{id}.{feed.Version}.snupkg"));
        symbols.Entries.Select(e => e.FullName).Should().Contain($"lib/net10.0/{id}.pdb");
    }

    [Fact]
    public void Pack_Engine_CopiesItsXmlDocsToConsumersForTheGeneratedPrompt()
    {
        using var package = ZipFile.OpenRead(Path.Combine(feed.Feed, $"Rlm.Roslyn.Engine.{feed.Version}.nupkg"));
        var targets = package.Entries.Single(e => e.FullName == "buildTransitive/net10.0/Rlm.Roslyn.Engine.targets");
        using var reader = new StreamReader(targets.Open());

        reader.ReadToEnd().Should().Contain("../../lib/net10.0/Rlm.Roslyn.Engine.xml").And.Contain("CopyToOutputDirectory");
    }

    [Fact]
    public async Task ToolPackage_InstallsFromTheLocalFeed_AndRunsHelpGrepAndAsk()
    {
        var work = Directory.CreateDirectory(Path.Combine(feed.Folder, "tool-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        var tools = Path.Combine(work, "tools");
        var config = feed.WriteNuGetConfig(work, withNuGetOrg: false);

        var install = await DotnetProcess.RunAsync(
            "dotnet", ["tool", "install", "Rlm.Roslyn.Tool", "--version", feed.Version, "--tool-path", tools, "--configfile", config], work,
            new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(work, "packages") });
        install.ExitCode.Should().Be(0, "dotnet tool install said:\n{0}\n{1}", install.Out, install.Error);
        var rlm = Path.Combine(tools, OperatingSystem.IsWindows() ? "rlm.exe" : "rlm");
        File.Exists(rlm).Should().BeTrue();

        var help = await DotnetProcess.RunAsync(rlm, ["--help"], work);
        help.ExitCode.Should().Be(0, help.Error);
        help.Out.Should().Contain("rlm ask").And.Contain("rlm grep");

        File.WriteAllText(Path.Combine(work, "notes.txt"), "alpha\nthe vault code is 4417\nomega\n");
        var grep = await DotnetProcess.RunAsync(rlm, ["grep", "-n", "vault", "notes.txt"], work);
        grep.ExitCode.Should().Be(0, grep.Error);
        grep.Out.Trim().Should().Be("notes.txt:2:the vault code is 4417");

        await using var server = await ScriptedOpenAIServer.StartAsync(request =>
            request.LastContentOf("system")!.Contains("never printed whole", StringComparison.Ordinal)
                ? ScriptedReply.Text(ModelReply.WithCode("Look.", "Final(Grep(\"vault code is\").First().LineText);"))
                : ScriptedReply.Text("FINAL(the installed tool's prompt lacks the API descriptions from its XML docs)"));
        var ask = await DotnetProcess.RunAsync(rlm, ["ask", "What is the vault code?", "notes.txt"], work, new Dictionary<string, string>
        {
            ["OPENAI_BASE_URL"] = server.BaseUrl.ToString(),
            ["OPENAI_API_KEY"] = "test",
        });
        ask.ExitCode.Should().Be(0, ask.Error);
        ask.Out.Trim().Should().Be("the vault code is 4417");
    }

    [Fact]
    public async Task LibraryPackages_RestoreIntoAFreshProject_AndAnswerThroughAddRlm()
    {
        var work = Directory.CreateDirectory(Path.Combine(feed.Folder, "consumer-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        feed.WriteNuGetConfig(work, withNuGetOrg: true);
        File.WriteAllText(Path.Combine(work, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Rlm.Roslyn.Extensions" Version="{feed.Version}" />
                <PackageReference Include="Rlm.Roslyn.Sandbox" Version="{feed.Version}" />
                <PackageReference Include="Microsoft.Extensions.DependencyInjection" Version="10.0.13" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(work, "Program.cs"), """
            using Microsoft.Extensions.AI;
            using Microsoft.Extensions.DependencyInjection;
            using Rlm.Roslyn;

            var services = new ServiceCollection();
            services.AddChatClient(new ScriptedRoot());
            services.AddSingleton<ISubmissionPolicy>(RestrictedApiPolicy.Default);
            services.AddRlm(o => o.Engine = o.Engine with { MaxIterations = 3 });
            using var provider = services.BuildServiceProvider();

            var result = await provider.GetRequiredService<RlmEngine>().RunAsync("What is the vault code?", RlmContext.FromString("alpha\nthe vault code is 4417\nomega\n"));
            Console.WriteLine(result.Answer);

            sealed class ScriptedRoot : IChatClient
            {
                public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
                {
                    var list = messages.ToList();
                    var reply = !list[0].Text.Contains("never printed whole") ? "FINAL(the prompt lacks the XML docs)"
                        : list.Count == 2 ? "```csharp\nSystem.IO.File.ReadAllText(\"/etc/passwd\");\n```"
                        : list[^1].Text.Contains("RLM001") ? "```csharp\nFinal(Grep(\"vault code is\").First().LineText);\n```"
                        : "FINAL(the sandbox did not refuse the file read)";
                    return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, reply)));
                }

                public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

                public object? GetService(Type serviceType, object? serviceKey = null) => null;

                public void Dispose() { }
            }
            """);

        // Our packages land in a folder of this test; everything else comes from the machine's package cache.
        var home = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var run = await DotnetProcess.RunAsync(
            "dotnet", ["run", "--project", "Consumer.csproj", $"-p:RestorePackagesPath={Path.Combine(work, "packages")}", $"-p:RestoreFallbackFolders={home}"], work,
            timeout: TimeSpan.FromMinutes(8));

        run.ExitCode.Should().Be(0, "dotnet run said:\n{0}\n{1}", run.Out, run.Error);
        run.Out.Trim().Should().EndWith("the vault code is 4417");
        File.Exists(Path.Combine(work, "bin", "Debug", "net10.0", "Rlm.Roslyn.Engine.xml")).Should().BeTrue("the engine package copies its XML docs to the output");
    }
}
