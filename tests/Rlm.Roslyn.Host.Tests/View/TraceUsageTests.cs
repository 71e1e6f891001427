using System.Text.Json;

namespace Rlm.Roslyn.Host.Tests.View;

/// <summary>How the viewer reads usage from a trace: the engine's costUsd, an older "cost", and no cost without prices.</summary>
public sealed class TraceUsageTests
{
    [Theory]
    [InlineData("""{"calls":2,"inputTokens":100,"outputTokens":20,"costUsd":0.0042}""", "0.0042")]
    [InlineData("""{"calls":2,"inputTokens":100,"outputTokens":20,"cost":0.5}""", "0.5")]
    [InlineData("""{"calls":2,"inputTokens":100,"outputTokens":20,"costUsd":0}""", null)]
    [InlineData("""{"calls":2,"inputTokens":100,"outputTokens":20}""", null)]
    public void From_UsageObject_ReadsTokensAndCost(string json, string? cost)
    {
        using var document = JsonDocument.Parse(json);

        var usage = TraceUsage.From(document.RootElement);

        usage.Calls.Should().Be(2);
        usage.TotalTokens.Should().Be(120);
        usage.Cost.Should().Be(cost is null ? null : decimal.Parse(cost, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void From_RecordedEngineUsage_ReadsTheCostTheEngineWrote()
    {
        var json = JsonSerializer.Serialize(new RlmUsage(1, 10, 5) { CostUsd = 0.25m }, JsonlTraceWriter.JsonOptions);
        using var document = JsonDocument.Parse(json);

        TraceUsage.From(document.RootElement).Cost.Should().Be(0.25m);
    }
}
