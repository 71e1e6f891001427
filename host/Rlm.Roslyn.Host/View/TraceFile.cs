using System.Text.Json;

namespace Rlm.Roslyn.Host;

/// <summary>
/// Reads a <c>--trace</c> JSON Lines file for the viewer: every line that is a JSON object with a string "type" is an
/// event; blank lines are ignored; any other line (invalid or truncated JSON, a crash mid-write) is skipped with a notice.
/// </summary>
internal static class TraceFile
{
    private const int MaxShownChars = 80;

    /// <summary>The events and notices of the trace at <paramref name="path"/>.</summary>
    /// <exception cref="UsageException">The file does not exist or cannot be read.</exception>
    public static (IReadOnlyList<JsonElement> Events, IReadOnlyList<TraceNotice> Notices) Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException(Directory.Exists(path) ? $"'{path}' is a folder, not a trace file." : $"trace file '{path}' not found.");
        }

        try
        {
            using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
            return Read(reader);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read '{path}': {ex.Message}", ex);
        }
    }

    /// <summary>The events and notices of a trace read from <paramref name="reader"/>.</summary>
    public static (IReadOnlyList<JsonElement> Events, IReadOnlyList<TraceNotice> Notices) Read(TextReader reader)
    {
        var events = new List<JsonElement>();
        var notices = new List<TraceNotice>();
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    notices.Add(new TraceNotice(number, $"not a JSON object: {Shorten(line)}"));
                }
                else if (!root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
                {
                    notices.Add(new TraceNotice(number, $"no string \"type\": {Shorten(line)}"));
                }
                else
                {
                    events.Add(root.Clone());
                }
            }
            catch (JsonException ex)
            {
                notices.Add(new TraceNotice(number, $"not valid JSON ({Reason(ex)}): {Shorten(line)}"));
            }
        }

        return (events, notices);
    }

    /// <summary>The parser's message without its position details (the line number is given separately).</summary>
    private static string Reason(JsonException ex) => ex.Message.Split([" LineNumber:", " Path:"], StringSplitOptions.None)[0].TrimEnd(' ', '.', '|');

    private static string Shorten(string line) => line.Length <= MaxShownChars ? line : string.Concat(line.AsSpan(0, MaxShownChars), "…");
}
