using System.Text.Json;

namespace Rlm.Roslyn.Host.Tests.Fakes;

/// <summary>Reads piped <c>rlm repl</c> output: every line must be one JSON object.</summary>
internal static class ReplJsonLines
{
    /// <summary>Parses each line of <paramref name="stdout"/> as a JSON object (throws on any line that is not one).</summary>
    public static IReadOnlyList<JsonElement> Parse(string stdout)
    {
        var normalized = stdout.ReplaceLineEndings("\n");
        if (normalized.Length == 0)
        {
            return [];
        }

        normalized.Should().EndWith("\n", "every report ends its line");
        return normalized[..^1].Split('\n').Select(line =>
        {
            using var document = JsonDocument.Parse(line);
            document.RootElement.ValueKind.Should().Be(JsonValueKind.Object, $"each stdout line is one JSON object: {line}");
            return document.RootElement.Clone();
        }).ToList();
    }

    /// <summary>A string property, or null when it is absent.</summary>
    public static string? Text(this JsonElement report, string name) =>
        report.TryGetProperty(name, out var value) ? value.GetString() : null;
}
