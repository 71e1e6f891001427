using System.Text;
using System.Text.Json;
using Rlm.Roslyn.Host.Tests.Fakes;

namespace Rlm.Roslyn.Host.Tests.Repl;

/// <summary><c>rlm repl</c> with standard input piped: ---separated snippets, one session, one JSON line each.</summary>
public sealed class RlmCliReplPipedTests
{
    private static async Task<(int ExitCode, IReadOnlyList<JsonElement> Reports)> RunAsync(HostHarness host, string snippets, params string[] options)
    {
        host.StandardInput = Encoding.UTF8.GetBytes(snippets);
        var file = host.WriteFile("notes.txt", "alpha line\nbeta line with the needle\ngamma line\n");
        var exitCode = await host.RunAsync(["repl", file, .. options]);
        return (exitCode, ReplJsonLines.Parse(host.Out));
    }

    [Fact]
    public async Task Repl_SnippetsShareOneSession_StatePersistsAndExitsWithZero()
    {
        using var host = new HostHarness();

        var (exitCode, reports) = await RunAsync(host, "var n = Context.Length;\nint Twice(int v) => v * 2;\n---\nPrint(Twice(n));\n---\nn + 1\n");

        exitCode.Should().Be(0);
        reports.Should().HaveCount(3);
        reports.Select(r => r.GetProperty("index").GetInt32()).Should().Equal(0, 1, 2);
        reports.Should().OnlyContain(r => r.Text("status") == "ok");
        reports[1].Text("output").Should().Be("96\n");
        reports[2].Text("value").Should().Be("49");
        reports[2].Text("output").Should().BeEmpty();
        reports[0].TryGetProperty("value", out _).Should().BeFalse("a snippet without a trailing expression has no value");
        host.Error.Should().BeEmpty();
    }

    [Fact]
    public async Task Repl_CompileError_IsRejectedWithLineAndColumnAndTheNextSnippetRuns()
    {
        using var host = new HostHarness();

        var (exitCode, reports) = await RunAsync(host, "var ok = 1;\n---\nvar a = 1;\nvar b = a + missing;\n---\nok\n");

        exitCode.Should().Be(1);
        var rejected = reports[1];
        rejected.Text("status").Should().Be("rejected");
        rejected.TryGetProperty("error", out _).Should().BeFalse();
        var diagnostic = rejected.GetProperty("diagnostics").EnumerateArray().Should().ContainSingle().Subject;
        diagnostic.Text("id").Should().Be("CS0103");
        diagnostic.GetProperty("line").GetInt32().Should().Be(2);
        diagnostic.GetProperty("column").GetInt32().Should().Be(13);
        diagnostic.Text("message").Should().Contain("missing");
        reports[2].Text("status").Should().Be("ok");
        reports[2].Text("value").Should().Be("1");
    }

    [Fact]
    public async Task Repl_RuntimeError_IsErrorWithTypeMessageAndLine()
    {
        using var host = new HostHarness();

        var (exitCode, reports) = await RunAsync(host, "Print(\"before\");\nthrow new InvalidOperationException(\"boom\");\n");

        exitCode.Should().Be(1);
        var report = reports.Should().ContainSingle().Subject;
        report.Text("status").Should().Be("error");
        report.Text("output").Should().Be("before\n");
        report.Text("error").Should().Be("System.InvalidOperationException: boom (line 2)");
        report.GetProperty("diagnostics").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Repl_RunawayLoop_TimesOutAndTheSessionKeepsItsState()
    {
        using var host = new HostHarness();

        var (exitCode, reports) = await RunAsync(host, "var kept = 5;\n---\nPrint(\"spinning\");\nwhile (true) { }\n---\nkept * 2\n", "--snippet-timeout", "0.3");

        exitCode.Should().Be(1);
        reports.Select(r => r.Text("status")).Should().Equal("ok", "timeout", "ok");
        reports[1].Text("error").Should().StartWith("Timeout:").And.Contain("0.3 s");
        reports[1].Text("output").Should().Be("spinning\n");
        reports[2].Text("value").Should().Be("10");
    }

    [Fact]
    public async Task Repl_RunawayRecursion_StopsAtTheCallDepthLimit()
    {
        using var host = new HostHarness();

        var (exitCode, reports) = await RunAsync(host, "int Down(int n) => Down(n + 1) + 1;\nDown(0)\n---\n1 + 1\n");

        exitCode.Should().Be(1);
        reports.Select(r => r.Text("status")).Should().Equal("limit", "ok");
        reports[0].Text("error").Should().Contain("Call depth");
    }

    [Fact]
    public async Task Repl_PrintAndConsole_AreCapturedInOrderInOutput()
    {
        using var host = new HostHarness();

        var (_, reports) = await RunAsync(host, "Print(\"a\");\nConsole.WriteLine(\"b\");\nConsole.Write(\"c\");\nPrint(Grep(\"needle\").TotalMatches);\n");

        reports.Should().ContainSingle().Which.Text("output").Should().Be("a\nb\nc1\n");
        host.Out.Should().NotContain("a\nb", "the snippet's prints go into its report, not straight to stdout");
    }

    [Fact]
    public async Task Repl_AwkwardText_EveryLineStillParsesAsJson()
    {
        using var host = new HostHarness();
        const string Snippets = "Print(\"quotes \\\" and \\\\ and\\nnew\\tlines, é, 日本, <tag> & '---'\");\r\n---   \r\nvar s = \"---\";\n s\n---\n\"\\u0001\"\n";

        var (exitCode, reports) = await RunAsync(host, Snippets);

        exitCode.Should().Be(0);
        reports.Should().HaveCount(3, "a separator line may end with blanks and CRLF");
        reports[0].Text("output").Should().Be("quotes \" and \\ and\nnew\tlines, é, 日本, <tag> & '---'\n");
        reports[1].Text("value").Should().Be("---");
        reports[2].Text("value").Should().Be("\u0001");
        host.Out.Should().Contain("é, 日本, <tag> & '---'", "non-ASCII and HTML characters are not escaped");
    }

    [Fact]
    public async Task Repl_BlankSnippets_AreSkippedAndNotCounted()
    {
        using var host = new HostHarness();

        var (exitCode, reports) = await RunAsync(host, "---\n\n---\n   \n---\n1\n---\n\n");

        exitCode.Should().Be(0);
        reports.Should().ContainSingle().Which.GetProperty("index").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task Repl_EmptyInput_WritesNothingAndExitsWithZero()
    {
        using var host = new HostHarness();

        var (exitCode, reports) = await RunAsync(host, "");

        exitCode.Should().Be(0);
        reports.Should().BeEmpty();
        host.StandardInputOpens.Should().Be(1);
    }

    [Fact]
    public async Task Repl_Final_IsReportedInItsSnippetOnly()
    {
        using var host = new HostHarness();

        var (exitCode, reports) = await RunAsync(host, "Final(new[] { \"x\", \"y\" });\n---\n1\n");

        exitCode.Should().Be(0);
        reports[0].Text("final").Should().Be("x\ny");
        reports[1].TryGetProperty("final", out _).Should().BeFalse();
    }

    [Fact]
    public async Task Repl_Report_HasTheDocumentedShape()
    {
        using var host = new HostHarness();

        var (_, reports) = await RunAsync(host, "Print(1);\n");

        var names = reports.Should().ContainSingle().Subject.EnumerateObject().Select(p => p.Name);
        names.Should().Equal("index", "status", "output", "diagnostics", "elapsedMs");
        reports[0].GetProperty("elapsedMs").GetDouble().Should().BeGreaterThanOrEqualTo(0);
    }

    [Theory]
    [InlineData("Print(Llm(\"hi\"));")]
    [InlineData("Print(LlmMany(new[] { \"a\" })[0]);")]
    [InlineData("Print(Summarize(Context, \"needles\"));")]
    [InlineData("Print(Recurse(\"where?\", Context));")]
    public async Task Repl_SubLmHelperWithoutEndpoint_ReturnsTheNoEndpointError(string snippet)
    {
        using var host = new HostHarness();

        var (exitCode, reports) = await RunAsync(host, snippet + "\n");

        exitCode.Should().Be(0);
        var report = reports.Should().ContainSingle().Subject;
        report.Text("status").Should().Be("ok");
        report.Text("output").Should().Be(ReplCommand.NoEndpointError + "\n");
        ReplCommand.NoEndpointError.Should().Contain("OPENAI_BASE_URL").And.Contain("OPENAI_API_KEY");
    }

    [Fact]
    public async Task Repl_LlmWithEndpoint_AsksTheSubModelAndReturnsItsReply()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync("the sub-model's reply");
        using var host = new HostHarness();

        var (exitCode, reports) = await RunAsync(
            host, "var answer = Llm(\"What is in \" + Documents[0].Name + \"?\");\n---\nanswer\n",
            "--endpoint", server.BaseUrl.ToString(), "--model", "root-model", "--sub-model", "small-model");

        exitCode.Should().Be(0);
        reports[1].Text("value").Should().Be("the sub-model's reply");
        var request = server.Requests.Should().ContainSingle().Subject;
        request.Model.Should().Be("small-model");
        request.LastContentOf("user").Should().Be($"What is in {host.PathOf("notes.txt")}?");
    }

    [Fact]
    public async Task Repl_EndpointFromEnvironment_IsUsed()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync("from the environment");
        using var host = new HostHarness();
        host.Environment["OPENAI_BASE_URL"] = server.BaseUrl.ToString();
        host.Environment["RLM_SUB_MODEL"] = "env-sub";

        var (_, reports) = await RunAsync(host, "Llm(\"hi\")\n");

        reports.Should().ContainSingle().Which.Text("value").Should().Be("from the environment");
        server.Requests.Should().ContainSingle().Which.Model.Should().Be("env-sub");
    }

    [Fact]
    public async Task Repl_Trusted_RunsTheSameSnippets()
    {
        using var host = new HostHarness();

        var (exitCode, reports) = await RunAsync(host, "Documents.Count\n", "--trusted");

        exitCode.Should().Be(0);
        reports.Should().ContainSingle().Which.Text("value").Should().Be("1");
    }
}
