using System.Text.Json;

namespace Rlm.Roslyn.Host.Tests.Repl;

public sealed class SnippetReportTests
{
    private static readonly TimeSpan Elapsed = TimeSpan.FromMilliseconds(12.345);

    [Theory]
    [InlineData(SnippetOutcome.Completed, "ok")]
    [InlineData(SnippetOutcome.CompileError, "rejected")]
    [InlineData(SnippetOutcome.RuntimeError, "error")]
    [InlineData(SnippetOutcome.Timeout, "timeout")]
    [InlineData(SnippetOutcome.Limit, "limit")]
    public void StatusOf_EveryOutcome_HasItsWord(SnippetOutcome outcome, string status)
    {
        SnippetReport.StatusOf(outcome).Should().Be(status);
    }

    [Fact]
    public void ToJson_Completed_IsOneLineWithOutputValueAndRoundedTime()
    {
        var report = SnippetReport.From(3, new SubmissionCompleted("line one\nline two\n", Elapsed, "42"), final: null);

        var json = report.ToJson();

        json.Should().NotContain("\n").And.NotContain("\r");
        json.Should().Be("""{"index":3,"status":"ok","output":"line one\nline two\n","value":"42","diagnostics":[],"elapsedMs":12.3}""");
    }

    [Fact]
    public void ToJson_Rejected_ListsDiagnosticsWithoutAnError()
    {
        var result = new SubmissionRejected(Elapsed, [new SnippetDiagnostic("CS0103", 2, 5, "The name 'x' does not exist in the current context")]);

        var json = SnippetReport.From(0, result, final: null).ToJson();

        json.Should().Be("""{"index":0,"status":"rejected","output":"","diagnostics":[{"id":"CS0103","line":2,"column":5,"message":"The name 'x' does not exist in the current context"}],"elapsedMs":12.3}""");
    }

    [Fact]
    public void From_Failed_PutsTheExceptionInErrorAndKeepsTheOutputApart()
    {
        var result = new SubmissionFailed("printed\n", Elapsed, "System.FormatException", "bad digits", "line 4");

        var report = SnippetReport.From(1, result, final: null);

        report.Output.Should().Be("printed\n");
        report.Error.Should().Be("System.FormatException: bad digits (line 4)");
        report.Value.Should().BeNull();
    }

    [Fact]
    public void From_TimedOutWithSessionLost_SaysTheVariablesAreGone()
    {
        var report = SnippetReport.From(0, new SubmissionTimedOut("", Elapsed, TimeSpan.FromSeconds(2), SessionLost: true), final: null);

        report.Status.Should().Be("timeout");
        report.Error.Should().Contain("2 s").And.Contain("variables are gone");
    }

    [Fact]
    public void From_Stopped_GivesTheLimitsMessage()
    {
        var report = SnippetReport.From(0, new SubmissionStopped("x", Elapsed, SnippetLimit.Output, "Output limit: too much."), final: null);

        report.Status.Should().Be("limit");
        report.Error.Should().Be("Output limit: too much.");
        report.Output.Should().Be("x");
    }

    [Fact]
    public void ToJson_WithFinal_AddsIt()
    {
        var json = SnippetReport.From(0, new SubmissionCompleted("", Elapsed, null), final: "the answer").ToJson();

        using var document = JsonDocument.Parse(json);
        document.RootElement.GetProperty("final").GetString().Should().Be("the answer");
        document.RootElement.TryGetProperty("value", out _).Should().BeFalse();
    }
}
