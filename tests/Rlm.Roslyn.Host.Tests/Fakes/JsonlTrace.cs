using System.Text.Json;

namespace Rlm.Roslyn.Host.Tests.Fakes;

/// <summary>Reads a <c>--trace</c> file: one JSON object per line, each with a "type".</summary>
internal static class JsonlTrace
{
    /// <summary>
    /// Every line of <paramref name="path"/>, parsed with <see cref="JsonDocument"/> (throwing for one that is not a
    /// JSON object) and reduced to its "type".
    /// </summary>
    public static IReadOnlyList<string> ReadTypes(string path) => ReadEvents(path).Select(e => e.Type).ToList();

    /// <summary>Every line of <paramref name="path"/> as its "type" and its raw JSON text.</summary>
    public static IReadOnlyList<(string Type, string Json)> ReadEvents(string path)
    {
        var events = new List<(string Type, string Json)>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("type", out var type)
                || type.ValueKind != JsonValueKind.String)
            {
                throw new FormatException($"Trace line {lineNumber} is not a JSON object with a string \"type\": {line}");
            }

            events.Add((type.GetString()!, line));
        }

        return events;
    }
}
