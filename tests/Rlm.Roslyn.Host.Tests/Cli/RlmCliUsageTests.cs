using Rlm.Roslyn.Host.Tests.Fakes;

namespace Rlm.Roslyn.Host.Tests.Cli;

/// <summary>Arguments and configuration: help, version, and every usage error exits with 2 and one line on stderr.</summary>
public sealed class RlmCliUsageTests
{
    /// <summary>Never contacted: usage errors are found before any request.</summary>
    private const string UnusedEndpoint = "http://127.0.0.1:9/v1";

    [Fact]
    public async Task RunAsync_NoEndpointAndNoKey_ExitsWithTwoAndOneLineNamingBothVariables()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "some text\n");

        var exitCode = await host.RunAsync("ask", "What is it?", file);

        exitCode.Should().Be(2);
        host.Out.Should().BeEmpty();
        var line = host.ErrorLines.Should().ContainSingle().Subject;
        line.Should().StartWith("rlm: ").And.Contain("OPENAI_API_KEY").And.Contain("OPENAI_BASE_URL");
    }

    [Theory]
    [InlineData("OPENAI_API_KEY")]
    [InlineData("OPENAI_BASE_URL")]
    public async Task RunAsync_BlankEnvironmentValue_CountsAsUnset(string name)
    {
        using var host = new HostHarness();
        host.Environment[name] = "   ";
        var file = host.WriteFile("notes.txt", "some text\n");

        var exitCode = await host.RunAsync("ask", "What is it?", file);

        exitCode.Should().Be(2);
        host.ErrorLines.Should().ContainSingle().Which.Should().Contain("OPENAI_API_KEY");
    }

    [Fact]
    public async Task RunAsync_NoArguments_PrintsHelpOnStandardErrorAndExitsWithTwo()
    {
        using var host = new HostHarness();

        var exitCode = await host.RunAsync();

        exitCode.Should().Be(2);
        host.Out.Should().BeEmpty();
        host.Error.Should().Contain("rlm ask \"question\" PATH...");
    }

    [Fact]
    public async Task RunAsync_TraceIsAnInputFile_ExitsWithTwoAndLeavesTheFileAlone()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "precious\n");

        var exitCode = await host.RunAsync("ask", "What is it?", file, "--endpoint", UnusedEndpoint, "--trace", file);

        exitCode.Should().Be(2);
        host.ErrorLines.Should().ContainSingle().Which.Should().Contain("overwrite");
        File.ReadAllText(file).Should().Be("precious\n");
    }

    [Fact]
    public async Task RunAsync_MissingPath_ExitsWithTwoAndNamesThePath()
    {
        using var host = new HostHarness();
        var missing = host.PathOf("does-not-exist.txt");

        var exitCode = await host.RunAsync("ask", "What is it?", missing, "--endpoint", UnusedEndpoint);

        exitCode.Should().Be(2);
        host.Out.Should().BeEmpty();
        host.ErrorLines.Should().ContainSingle().Which.Should().StartWith("rlm: ").And.Contain(missing);
    }

    [Fact]
    public async Task RunAsync_AskWithoutQuestion_ExitsWithTwoAndAsksForAQuestion()
    {
        using var host = new HostHarness();

        var exitCode = await host.RunAsync("ask", "--endpoint", UnusedEndpoint);

        exitCode.Should().Be(2);
        host.Out.Should().BeEmpty();
        host.ErrorLines.Should().ContainSingle().Which.Should().Contain("needs a question");
    }

    [Fact]
    public async Task RunAsync_BlankQuestion_ExitsWithTwoAndAsksForAQuestion()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "some text\n");

        var exitCode = await host.RunAsync("ask", "  ", file, "--endpoint", UnusedEndpoint);

        exitCode.Should().Be(2);
        host.ErrorLines.Should().ContainSingle().Which.Should().Contain("needs a question");
    }

    [Fact]
    public async Task RunAsync_AskWithoutPath_ExitsWithTwoAndAsksForAPath()
    {
        using var host = new HostHarness();

        var exitCode = await host.RunAsync("ask", "What is it?", "--endpoint", UnusedEndpoint);

        exitCode.Should().Be(2);
        host.Out.Should().BeEmpty();
        host.ErrorLines.Should().ContainSingle().Which.Should().Contain("PATH");
    }

    [Fact]
    public async Task RunAsync_UnknownOption_ExitsWithTwoAndNamesTheOption()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "some text\n");

        var exitCode = await host.RunAsync("ask", "What is it?", file, "--endpoint", UnusedEndpoint, "--frobnicate", "3");

        exitCode.Should().Be(2);
        host.Out.Should().BeEmpty();
        host.ErrorLines.Should().ContainSingle().Which.Should().Contain("--frobnicate");
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("2.5")]
    [InlineData("")]
    public async Task RunAsync_BadMaxIterations_ExitsWithTwoAndQuotesTheValue(string value)
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "some text\n");

        var exitCode = await host.RunAsync("ask", "What is it?", file, "--endpoint", UnusedEndpoint, "--max-iterations", value);

        exitCode.Should().Be(2);
        host.Out.Should().BeEmpty();
        host.ErrorLines.Should().ContainSingle().Which.Should().Contain("--max-iterations").And.Contain($"'{value}'");
    }

    [Fact]
    public async Task RunAsync_OptionWithoutItsValue_ExitsWithTwo()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "some text\n");

        var exitCode = await host.RunAsync("ask", "What is it?", file, "--endpoint", UnusedEndpoint, "--max-iterations");

        exitCode.Should().Be(2);
        host.ErrorLines.Should().ContainSingle().Which.Should().Contain("--max-iterations needs a value");
    }

    [Theory]
    [InlineData("--snippet-timeout", "0")]
    [InlineData("--snippet-timeout", "soon")]
    [InlineData("--max-depth", "11")]
    [InlineData("--max-concurrency", "0")]
    public async Task RunAsync_OtherBadNumbers_ExitsWithTwoAndNamesTheOption(string option, string value)
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "some text\n");

        var exitCode = await host.RunAsync("ask", "What is it?", file, "--endpoint", UnusedEndpoint, option, value);

        exitCode.Should().Be(2);
        host.ErrorLines.Should().ContainSingle().Which.Should().Contain(option);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/v1")]
    [InlineData("not a url")]
    public async Task RunAsync_EndpointNotHttp_ExitsWithTwoAndQuotesIt(string endpoint)
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "some text\n");

        var exitCode = await host.RunAsync("ask", "What is it?", file, "--endpoint", endpoint);

        exitCode.Should().Be(2);
        host.ErrorLines.Should().ContainSingle().Which.Should().Contain($"'{endpoint}'");
    }

    [Fact]
    public async Task RunAsync_TraceInMissingFolder_ExitsWithTwoAndNamesTheFolder()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "some text\n");
        var folder = host.PathOf("no-such-folder");

        var exitCode = await host.RunAsync("ask", "What is it?", file, "--endpoint", UnusedEndpoint, "--trace", Path.Join(folder, "t.jsonl"));

        exitCode.Should().Be(2);
        host.ErrorLines.Should().ContainSingle().Which.Should().Contain("--trace").And.Contain(folder);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public async Task RunAsync_Help_ExitsWithZeroAndPrintsUsage(string flag)
    {
        using var host = new HostHarness();

        var exitCode = await host.RunAsync(flag);

        exitCode.Should().Be(0);
        host.Out.Should().Contain("Usage:").And.Contain("rlm ask \"question\" PATH...");
        host.Error.Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_AskHelp_ExitsWithZeroAndListsTheOptions()
    {
        using var host = new HostHarness();

        var exitCode = await host.RunAsync("ask", "--help");

        exitCode.Should().Be(0);
        host.Out.Should().Contain("--endpoint").And.Contain("--sub-model").And.Contain("--max-iterations").And.Contain("--trace").And.Contain("Exit codes");
        host.Error.Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_NoArguments_ExitsWithTwoAndPrintsUsage()
    {
        using var host = new HostHarness();

        var exitCode = await host.RunAsync();

        exitCode.Should().Be(2);
        (host.Out + host.Error).Should().Contain("Usage:");
    }

    [Fact]
    public async Task RunAsync_UnknownCommand_ExitsWithTwoAndNamesIt()
    {
        using var host = new HostHarness();

        var exitCode = await host.RunAsync("summon", "x");

        exitCode.Should().Be(2);
        host.Out.Should().BeEmpty();
        host.ErrorLines.Should().ContainSingle().Which.Should().Contain("'summon'");
    }

    [Fact]
    public async Task RunAsync_Version_ExitsWithZeroAndPrintsOneLine()
    {
        using var host = new HostHarness();

        var exitCode = await host.RunAsync("--version");

        exitCode.Should().Be(0);
        host.Out.Trim().Should().NotBeEmpty().And.NotContain("\n");
        host.Error.Should().BeEmpty();
    }
}
