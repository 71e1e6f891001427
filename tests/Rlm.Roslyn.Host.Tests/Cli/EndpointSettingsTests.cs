namespace Rlm.Roslyn.Host.Tests.Cli;

public sealed class EndpointSettingsTests
{
    private static readonly IReadOnlySet<string> Options = new HashSet<string>(StringComparer.Ordinal) { "endpoint", "api-key", "model", "sub-model" };

    private static ParsedArguments Parse(params string[] args) => ParsedArguments.Parse(args, Options, new HashSet<string>());

    [Fact]
    public void FromOptional_NothingConfigured_ReturnsNull()
    {
        EndpointSettings.FromOptional(Parse(), _ => null).Should().BeNull();
    }

    [Fact]
    public void From_NothingConfigured_ThrowsAUsageError()
    {
        var act = () => EndpointSettings.From(Parse(), _ => null);

        act.Should().Throw<UsageException>().WithMessage("*OPENAI_API_KEY*OPENAI_BASE_URL*");
    }

    [Fact]
    public void FromOptional_MalformedEndpoint_StillThrows()
    {
        var act = () => EndpointSettings.FromOptional(Parse("--endpoint", "not a url"), _ => null);

        act.Should().Throw<UsageException>().WithMessage("*not an http(s) address*");
    }

    [Fact]
    public void FromOptional_KeyOnly_MeansOpenAIWithTheDefaultModels()
    {
        var settings = EndpointSettings.FromOptional(Parse(), name => name == "OPENAI_API_KEY" ? "sk-test" : null);

        settings.Should().Be(new EndpointSettings(EndpointSettings.OpenAIEndpoint, "sk-test", EndpointSettings.DefaultModel, EndpointSettings.DefaultModel));
    }
}
