using Rlm.Roslyn.Host.Tests.Fakes;

namespace Rlm.Roslyn.Host.Tests.Cli;

/// <summary>How <c>rlm ask</c> builds its context: globs, skipped folders, invalid UTF-8, and context errors.</summary>
public sealed class RlmCliContextTests
{
    private const string UnusedEndpoint = "http://127.0.0.1:9/v1";
    private const string ListDocuments = "Final(string.Join(\",\", Documents.Select(d => System.IO.Path.GetFileName(d.Name))));";

    [Fact]
    public async Task RunAsync_IncludeAndExcludeGlobs_LoadOnlyTheMatchingFiles()
    {
        using var host = new HostHarness();
        host.WriteFile("src/a.cs", "class A {}\n");
        host.WriteFile("src/deep/b.cs", "class B {}\n");
        host.WriteFile("src/deep/b.generated.cs", "class BGen {}\n");
        host.WriteFile("src/readme.md", "# readme\n");
        await using var server = await ScriptedOpenAIServer.StartAsync(ModelReply.WithCode("Which files?", ListDocuments));

        var exitCode = await host.AskAsync(server, "Which files?", host.PathOf("src"), "--include", "**/*.cs", "--exclude", "**/*.generated.cs");

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        host.Out.Should().Be("a.cs,b.cs" + Environment.NewLine);
    }

    [Fact]
    public async Task RunAsync_FolderWithBinAndGitFolders_SkipsThemSilently()
    {
        using var host = new HostHarness();
        host.WriteFile("repo/main.txt", "main\n");
        host.WriteFile("repo/bin/out.txt", "built\n");
        host.WriteFile("repo/.git/HEAD", "ref: refs/heads/main\n");
        await using var server = await ScriptedOpenAIServer.StartAsync(ModelReply.WithCode("Which files?", ListDocuments));

        var exitCode = await host.AskAsync(server, "Which files?", host.PathOf("repo"));

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        host.Out.Should().Be("main.txt" + Environment.NewLine);
        host.Error.Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_FileWithInvalidUtf8_ReportsTheReplacementsOnStandardError()
    {
        using var host = new HostHarness();
        var file = host.WriteBytes("latin1.txt", [.. "caf"u8, 0xE9, .. " au lait\n"u8]);
        await using var server = await ScriptedOpenAIServer.StartAsync(ModelReply.WithCode("Look.", "Final(Context.Span.Contains('\\uFFFD'));"));

        var exitCode = await host.AskAsync(server, "What drink?", file);

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        host.Out.Should().Be("True" + Environment.NewLine);
        host.ErrorLines.Should().ContainSingle().Which.Should().Be("rlm: replaced 1 invalid UTF-8 sequence(s) with U+FFFD");
    }

    [Fact]
    public async Task RunAsync_StandardInputTwice_ExitsWithTwo()
    {
        using var host = new HostHarness { StandardInput = "text\n"u8.ToArray() };

        var exitCode = await host.RunAsync("ask", "q", "-", "-", "--endpoint", UnusedEndpoint);

        exitCode.Should().Be(2);
        host.ErrorLines.Should().ContainSingle().Which.Should().Contain("only once");
    }

    [Fact]
    public async Task RunAsync_NoFileMatchesTheGlobs_ExitsWithTwoAndSaysNothingMatched()
    {
        using var host = new HostHarness();
        host.WriteFile("src/a.txt", "a\n");

        var exitCode = await host.RunAsync("ask", "q", host.PathOf("src"), "--include", "**/*.cs", "--endpoint", UnusedEndpoint);

        exitCode.Should().Be(2);
        host.ErrorLines.Should().ContainSingle().Which.Should().Contain("no files matched");
    }

    [Fact]
    public async Task RunAsync_TracePathIsAFolder_ExitsWithTwoAndNamesTheTrace()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "text\n");
        var folder = host.PathOf("traces");
        Directory.CreateDirectory(folder);

        var exitCode = await host.RunAsync("ask", "q", file, "--endpoint", UnusedEndpoint, "--trace", folder);

        exitCode.Should().Be(2);
        host.ErrorLines.Should().ContainSingle().Which.Should().StartWith("rlm: --trace: cannot write").And.Contain(folder);
    }
}
