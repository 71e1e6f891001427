namespace Rlm.Roslyn.Python.Tests;

public sealed class SessionTests(PythonFixture python)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_Print_ReturnsOutput()
    {
        using var session = python.NewSession();
        var result = await session.RunAsync("print(sum(range(10)))", Limit, Ct);
        result.Outcome.Should().Be(SnippetOutcome.Completed, result.ToFeedback());
        result.Output.Should().Be("45\n");
    }

    [Fact]
    public async Task RunAsync_VariablesPersistAcrossBlocks()
    {
        using var session = python.NewSession();
        (await session.RunAsync("x = 21\ndef double(v):\n    return v * 2", Limit, Ct)).Outcome.Should().Be(SnippetOutcome.Completed);
        var result = await session.RunAsync("double(x)", Limit, Ct);
        result.Value.Should().Be("42");
        result.ToFeedback().Should().Be("42");
    }
}
