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

    /// <summary>Every line of <paramref name="path"/> as its "type", its run-tree "path" ("" when absent) and its raw JSON text.</summary>
    public static IReadOnlyList<(string Type, string Path, string Json)> ReadEvents(string path)
    {
        var events = new List<(string Type, string Path, string Json)>();
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

            var treePath = document.RootElement.TryGetProperty("path", out var pathElement) && pathElement.ValueKind == JsonValueKind.String
                ? pathElement.GetString()!
                : "";
            events.Add((type.GetString()!, treePath, line));
        }

        return events;
    }
}
