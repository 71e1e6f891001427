namespace Rlm.Roslyn.Tests.Worker;

/// <summary>The isolation a run gets: Auto by default, a worker where one can start (this machine has the jail), else in process with the reason.</summary>
public sealed class IsolationDefaultTests
{
    [Fact]
    public void ResolveIsolation_Default_IsAWorkerHere()
    {
        var options = new RlmOptions();

        var isolation = options.ResolveIsolation(out var reason);

        options.Isolation.Should().Be(SnippetIsolation.Auto);
        isolation.Should().Be(SnippetIsolation.Process, "bwrap, setpriv and the worker are all here (reason: {0})", reason);
        reason.Should().BeNull();
    }

    [Fact]
    public void ResolveIsolation_AutoWithACustomPolicy_FallsBackInProcessAndSaysWhy()
    {
        var options = new RlmOptions { SubmissionPolicy = RestrictedApiPolicy.FromAllowList(RestrictedApiPolicy.DefaultAllowListText) };

        var isolation = options.ResolveIsolation(out var reason);

        isolation.Should().Be(SnippetIsolation.InProcess);
        reason.Should().Contain("custom submission policy");
    }

    [Theory]
    [InlineData(SnippetIsolation.InProcess)]
    [InlineData(SnippetIsolation.Process)]
    public void ResolveIsolation_ExplicitChoice_IsKeptWithoutAReason(SnippetIsolation chosen)
    {
        var isolation = new RlmOptions { Isolation = chosen }.ResolveIsolation(out var reason);

        isolation.Should().Be(chosen);
        reason.Should().BeNull();
    }

    [Fact]
    public void Validate_ExplicitProcessWithACustomPolicy_IsRefused()
    {
        var options = new RlmOptions { Isolation = SnippetIsolation.Process, SubmissionPolicy = RestrictedApiPolicy.FromAllowList(RestrictedApiPolicy.DefaultAllowListText) };

        options.Invoking(o => o.Validate()).Should().Throw<ArgumentException>().WithMessage("*custom policy cannot cross*");
    }
}
