using Rlm.Roslyn.Host.Tests.Fakes;

namespace Rlm.Roslyn.Host.Tests.Repl;

/// <summary><c>rlm repl</c> arguments: help, and usage errors that exit with 2 before any snippet is read.</summary>
public sealed class RlmCliReplUsageTests
{
    [Fact]
    public async Task Repl_StandardInputAsContextPath_ExitsWithTwoWithoutReadingStandardInput()
    {
        using var host = new HostHarness();
        host.StandardInput = "1\n"u8.ToArray();
        var file = host.WriteFile("notes.txt", "text\n");

        var exitCode = await host.RunAsync("repl", file, "-");

        exitCode.Should().Be(2);
        host.Out.Should().BeEmpty();
        host.ErrorLines.Should().ContainSingle().Which.Should().StartWith("rlm: ").And.Contain("- cannot be a context PATH");
        host.StandardInputOpens.Should().Be(0);
    }

    [Fact]
    public async Task Repl_StandardInputAsContextPathAtATerminal_ExitsWithTwo()
    {
        using var host = new HostHarness { TerminalInput = "1\n" };

        var exitCode = await host.RunAsync("repl", "-");

        exitCode.Should().Be(2);
        host.Out.Should().BeEmpty();
    }

    [Fact]
    public async Task Repl_NoPath_ExitsWithTwoAndAsksForOne()
    {
        using var host = new HostHarness();

        var exitCode = await host.RunAsync("repl");

        exitCode.Should().Be(2);
        host.ErrorLines.Should().ContainSingle().Which.Should().Contain("at least one PATH");
    }

    [Fact]
    public async Task Repl_MissingPath_ExitsWithTwoAndNamesIt()
    {
        using var host = new HostHarness();
        var missing = host.PathOf("nowhere.txt");

        var exitCode = await host.RunAsync("repl", missing);

        exitCode.Should().Be(2);
        host.ErrorLines.Should().ContainSingle().Which.Should().Contain(missing);
    }

    [Theory]
    [InlineData("--endpoint", "ftp://example.com")]
    [InlineData("--snippet-timeout", "0")]
    [InlineData("--max-depth", "-1")]
    [InlineData("--max-iterations", "3")]
    public async Task Repl_BadOption_ExitsWithTwo(string option, string value)
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "text\n");

        var exitCode = await host.RunAsync("repl", file, option, value);

        exitCode.Should().Be(2);
        host.ErrorLines.Should().ContainSingle().Which.Should().StartWith("rlm: ");
    }

    [Fact]
    public async Task Repl_Help_PrintsTheReplHelpAndExitsWithZero()
    {
        using var host = new HostHarness();

        var exitCode = await host.RunAsync("repl", "--help");

        exitCode.Should().Be(0);
        host.Out.Should().Contain("Usage: rlm repl PATH...").And.Contain("\"status\":\"ok\"").And.Contain("--trusted").And.Contain("---");
    }

    [Fact]
    public async Task Help_ListsTheReplCommand()
    {
        using var host = new HostHarness();

        var exitCode = await host.RunAsync("--help");

        exitCode.Should().Be(0);
        host.Out.Should().Contain("rlm repl PATH...").And.Contain("rlm repl --help");
    }
}
