using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Rlm.Roslyn.Host.Tests.Fakes;

/// <summary>Reads chat completion requests and writes responses in the OpenAI JSON shapes.</summary>
internal static class OpenAIWireFormat
{
    /// <summary>Parses a chat completion request body; throws <see cref="JsonException"/> when it is not one.</summary>
    public static ChatRequestRecord ParseRequest(int index, string path, string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("The request body is not a JSON object.");
        }

        var model = root.TryGetProperty("model", out var modelElement) && modelElement.ValueKind == JsonValueKind.String
            ? modelElement.GetString() ?? ""
            : "";
        var stream = root.TryGetProperty("stream", out var streamElement) && streamElement.ValueKind == JsonValueKind.True;
        var includeUsage = root.TryGetProperty("stream_options", out var streamOptions)
            && streamOptions.ValueKind == JsonValueKind.Object
            && streamOptions.TryGetProperty("include_usage", out var includeUsageElement)
            && includeUsageElement.ValueKind == JsonValueKind.True;

        if (!root.TryGetProperty("messages", out var messagesElement) || messagesElement.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("'messages' is required and must be an array.");
        }

        var messages = new List<ChatMessageRecord>();
        foreach (var message in messagesElement.EnumerateArray())
        {
            var role = message.TryGetProperty("role", out var roleElement) && roleElement.ValueKind == JsonValueKind.String
                ? roleElement.GetString() ?? ""
                : "";
            var content = message.TryGetProperty("content", out var contentElement) ? ReadContent(contentElement) : "";
            messages.Add(new ChatMessageRecord(role, content));
        }

        return new ChatRequestRecord(index, path, model, messages, stream, includeUsage, body);
    }

    /// <summary>Roughly four characters a token, at least one.</summary>
    public static int CountTokens(int characters) => Math.Max(1, characters / 4);

    public static byte[] Completion(string id, long created, string model, string content, int promptTokens, int completionTokens) =>
        Write(writer =>
        {
            writer.WriteStartObject();
            WriteHeader(writer, id, "chat.completion", created, model);
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteStartObject("message");
            writer.WriteString("role", "assistant");
            writer.WriteString("content", content);
            writer.WriteNull("refusal");
            writer.WriteEndObject();
            writer.WriteNull("logprobs");
            writer.WriteString("finish_reason", "stop");
            writer.WriteEndObject();
            writer.WriteEndArray();
            WriteUsage(writer, promptTokens, completionTokens);
            writer.WriteEndObject();
        });

    /// <summary>A chat.completion.chunk with one choice; null role/content are left out of the delta.</summary>
    public static byte[] Chunk(string id, long created, string model, string? role, string? content, string? finishReason) =>
        Write(writer =>
        {
            writer.WriteStartObject();
            WriteHeader(writer, id, "chat.completion.chunk", created, model);
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteStartObject("delta");
            if (role is not null)
            {
                writer.WriteString("role", role);
            }

            if (content is not null)
            {
                writer.WriteString("content", content);
            }

            writer.WriteEndObject();
            writer.WriteNull("logprobs");
            if (finishReason is null)
            {
                writer.WriteNull("finish_reason");
            }
            else
            {
                writer.WriteString("finish_reason", finishReason);
            }

            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteNull("usage");
            writer.WriteEndObject();
        });

    /// <summary>The last chunk of a stream that asked for usage: no choices, usage filled in.</summary>
    public static byte[] UsageChunk(string id, long created, string model, int promptTokens, int completionTokens) =>
        Write(writer =>
        {
            writer.WriteStartObject();
            WriteHeader(writer, id, "chat.completion.chunk", created, model);
            writer.WriteStartArray("choices");
            writer.WriteEndArray();
            WriteUsage(writer, promptTokens, completionTokens);
            writer.WriteEndObject();
        });

    public static byte[] Error(string message, string type, string? code) =>
        Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("message", message);
            writer.WriteString("type", type);
            writer.WriteNull("param");
            if (code is null)
            {
                writer.WriteNull("code");
            }
            else
            {
                writer.WriteString("code", code);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        });

    /// <summary>Splits text into word-sized pieces (each keeps its trailing whitespace), as a model streams tokens.</summary>
    public static IReadOnlyList<string> SplitForStreaming(string text)
    {
        var pieces = new List<string>();
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            var atEnd = i == text.Length;
            if (atEnd || (char.IsWhiteSpace(text[i - 1]) && !char.IsWhiteSpace(text[i])))
            {
                pieces.Add(text[start..i]);
                start = i;
            }
        }

        return pieces;
    }

    private static void ReadContentParts(JsonElement parts, StringBuilder text)
    {
        foreach (var part in parts.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object
                && part.TryGetProperty("type", out var type)
                && type.ValueEquals("text")
                && part.TryGetProperty("text", out var partText)
                && partText.ValueKind == JsonValueKind.String)
            {
                text.Append(partText.GetString());
            }
        }
    }

    private static string ReadContent(JsonElement content)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return content.GetString() ?? "";
            case JsonValueKind.Array:
                var text = new StringBuilder();
                ReadContentParts(content, text);
                return text.ToString();
            default:
                return "";
        }
    }

    private static void WriteHeader(Utf8JsonWriter writer, string id, string objectName, long created, string model)
    {
        writer.WriteString("id", id);
        writer.WriteString("object", objectName);
        writer.WriteNumber("created", created);
        writer.WriteString("model", model);
        writer.WriteNull("system_fingerprint");
    }

    private static void WriteUsage(Utf8JsonWriter writer, int promptTokens, int completionTokens)
    {
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", promptTokens);
        writer.WriteNumber("completion_tokens", completionTokens);
        writer.WriteNumber("total_tokens", promptTokens + completionTokens);
        writer.WriteEndObject();
    }

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
