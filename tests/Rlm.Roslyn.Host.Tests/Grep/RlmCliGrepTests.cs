using System.Text;
using Rlm.Roslyn.Host.Tests.Fakes;

namespace Rlm.Roslyn.Host.Tests.Grep;

/// <summary><c>rlm grep</c>: ripgrep-shaped output, flags, exit codes and errors.</summary>
public sealed class RlmCliGrepTests
{
    [Fact]
    public async Task RunAsync_RegexWithLineNumbers_PrintsPathLineTextOncePerMatchingLine()
    {
        using var host = new HostHarness();
        var path = host.WriteFile("a.txt", "id 1234567 and 7654321\nnone here\r\nlast 1111111");

        var exitCode = await host.RunAsync("grep", @"\b[0-9]{7}\b", path, "-n");

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        host.Out.Should().Be($"{path}:1:id 1234567 and 7654321\n{path}:3:last 1111111\n");
    }

    [Fact]
    public async Task RunAsync_FixedStringWithoutLineNumbers_PrintsPathText()
    {
        using var host = new HostHarness();
        var path = host.WriteFile("a.txt", "call f(a.b)\ncall f(axb)\n");

        var exitCode = await host.RunAsync("grep", "-F", "f(a.b)", path);

        exitCode.Should().Be(0);
        host.Out.Should().Be($"{path}:call f(a.b)\n");
    }

    [Fact]
    public async Task RunAsync_IgnoreCaseAndCountOverFolder_PrintsCountOfMatchingLinesPerFile()
    {
        using var host = new HostHarness();
        host.WriteFile("logs/a.log", "Error one\nerror ERROR two\nfine\n");
        host.WriteFile("logs/b.log", "all fine\n");
        host.WriteFile("logs/c.log", "ERRORS\n");

        var exitCode = await host.RunAsync("grep", "-ic", "error", host.PathOf("logs"));

        exitCode.Should().Be(0);
        host.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[(l.LastIndexOf('/') + 1)..])
            .Should().Equal("a.log:2", "c.log:1");
    }

    [Fact]
    public async Task RunAsync_CountOfOneFile_PrintsTotalMatchingLines()
    {
        using var host = new HostHarness();
        var path = host.WriteFile("a.txt", string.Concat(Enumerable.Repeat("x x\ny\n", 500)));

        var exitCode = await host.RunAsync("grep", "--count", "-F", "x", path);

        exitCode.Should().Be(0);
        host.Out.Should().Be($"{path}:500\n");
    }

    [Fact]
    public async Task RunAsync_Max_StopsAfterThatManyLines()
    {
        using var host = new HostHarness();
        var path = host.WriteFile("a.txt", "a1\na2\na3\na4\n");

        var exitCode = await host.RunAsync("grep", "-n", "--max", "2", "a", path);

        exitCode.Should().Be(0);
        host.Out.Should().Be($"{path}:1:a1\n{path}:2:a2\n");
    }

    [Fact]
    public async Task RunAsync_MaxWithSeveralFiles_CapsEachFileLikeRipgrep()
    {
        using var host = new HostHarness();
        var first = host.WriteFile("a.txt", "a1\na2\na3\n");
        var second = host.WriteFile("b.txt", "x\na4\na5\na6\n");

        var exitCode = await host.RunAsync("grep", "-n", "--max", "2", "a", first, second);

        exitCode.Should().Be(0);
        host.Out.Should().Be($"{first}:1:a1\n{first}:2:a2\n{second}:2:a4\n{second}:3:a5\n");
    }

    [Fact]
    public async Task RunAsync_MaxWithCount_CapsEachFilesCount()
    {
        using var host = new HostHarness();
        var first = host.WriteFile("a.txt", "a1\na2\na3\n");
        var second = host.WriteFile("b.txt", "a4\n");

        var exitCode = await host.RunAsync("grep", "-c", "--max", "2", "a", first, second);

        exitCode.Should().Be(0);
        host.Out.Should().Be($"{first}:2\n{second}:1\n");
    }

    [Fact]
    public async Task RunAsync_IncludeGlob_SearchesOnlyMatchingFiles()
    {
        using var host = new HostHarness();
        host.WriteFile("src/a.cs", "needle\n");
        host.WriteFile("src/b.md", "needle\n");

        var exitCode = await host.RunAsync("grep", "needle", host.PathOf("src"), "--include", "**/*.cs");

        exitCode.Should().Be(0);
        host.Out.Should().EndWith("a.cs:needle\n").And.NotContain("b.md");
    }

    [Fact]
    public async Task RunAsync_StandardInput_SearchesIt()
    {
        using var host = new HostHarness { StandardInput = Encoding.UTF8.GetBytes("alpha\nbeta\n") };

        var exitCode = await host.RunAsync("grep", "-n", "bet", "-");

        exitCode.Should().Be(0);
        host.Out.Should().Be("stdin:2:beta\n");
    }

    [Fact]
    public async Task RunAsync_LargeFileToStandardOutputBytes_PrintsEveryMatchingLineOnceInOrder()
    {
        using var host = new HostHarness();
        var lines = Enumerable.Range(1, 120_000).Select(i => i % 7 == 0 ? $"row {i} id {i * 7919 % 9_000_000 + 1_000_000} é" : $"row {i} plain 😀").ToArray();
        var path = host.WriteFile("big.txt", string.Join("\n", lines) + "\n");
        using var stdout = new MemoryStream();

        var exitCode = await RlmCli.RunAsync(["grep", "-n", @"\b[0-9]{7}\b", path], host.HostConsole with { OpenStandardOutput = () => stdout }, TestContext.Current.CancellationToken);

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        var expected = string.Concat(lines.Select((line, i) => (line, i)).Where(x => (x.i + 1) % 7 == 0).Select(x => $"{path}:{x.i + 1}:{x.line}\n"));
        Encoding.UTF8.GetString(stdout.ToArray()).Should().Be(expected);
        host.Out.Should().BeEmpty("lines go to standard output's bytes when the host has them");
    }

    [Fact]
    public async Task RunAsync_StandardOutputClosed_StopsQuietly()
    {
        using var host = new HostHarness();
        var path = host.WriteFile("big.txt", string.Concat(Enumerable.Repeat("a hit on every line\n", 200_000)));
        using var closed = new ClosedPipeStream();

        var exitCode = await RlmCli.RunAsync(["grep", "hit", path], host.HostConsole with { OpenStandardOutput = () => closed }, TestContext.Current.CancellationToken);

        exitCode.Should().Be(0);
        host.Error.Should().BeEmpty();
        closed.Writes.Should().Be(1, "nothing more is written once the reader has gone");
    }

    [Fact]
    public async Task RunAsync_NoMatch_ExitsOneWithNoOutput()
    {
        using var host = new HostHarness();
        var path = host.WriteFile("a.txt", "nothing\n");

        var exitCode = await host.RunAsync("grep", "needle", path);

        exitCode.Should().Be(1);
        host.Out.Should().BeEmpty();
        host.Error.Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_InvalidRegex_ExitsTwoWithParserMessage()
    {
        using var host = new HostHarness();
        var path = host.WriteFile("a.txt", "f(x)\n");

        var exitCode = await host.RunAsync("grep", "f(x", path);

        exitCode.Should().Be(2);
        host.Out.Should().BeEmpty();
        host.Error.Should().StartWith("rlm grep: Invalid regular expression /f(x/").And.Contain("Not enough )'s");
    }

    [Fact]
    public async Task RunAsync_MissingPath_ExitsTwo()
    {
        using var host = new HostHarness();

        var exitCode = await host.RunAsync("grep", "x", host.PathOf("missing.txt"));

        exitCode.Should().Be(2);
        host.Error.Should().Contain("Path not found");
    }

    [Theory]
    [InlineData("grep")]
    [InlineData("grep", "pattern")]
    [InlineData("grep", "-q", "pattern", "a.txt")]
    public async Task RunAsync_BadArguments_ExitsTwoWithUsageMessage(params string[] args)
    {
        using var host = new HostHarness();

        var exitCode = await host.RunAsync(args);

        exitCode.Should().Be(2);
        host.Error.Should().StartWith("rlm grep: ");
    }

    [Fact]
    public async Task RunAsync_PatternAfterDoubleDash_MayStartWithDash()
    {
        using var host = new HostHarness();
        var path = host.WriteFile("a.txt", "a -n b\n");

        var exitCode = await host.RunAsync("grep", "-F", "--", "-n", path);

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        host.Out.Should().Be($"{path}:a -n b\n");
    }

    [Fact]
    public async Task RunAsync_Help_PrintsGrepUsageAndMainHelpMentionsGrep()
    {
        using var host = new HostHarness();

        (await host.RunAsync("grep", "--help")).Should().Be(0);
        (await host.RunAsync("--help")).Should().Be(0);

        host.Out.Should().Contain("Usage: rlm grep PATTERN PATH...").And.Contain("Exit codes: 0").And.Contain("rlm grep PATTERN PATH... [-F] [-i] [-n] [-c] [--max N]");
    }
}
