using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Rlm.Roslyn;

/// <summary>
/// The cache key of a request: SHA-256 over a canonical JSON of the model, every message (role and text) and the
/// options that change the answer. Requests with tools or non-text content are not cached (null key).
/// </summary>
internal static class SubCallCacheKey
{
    public static string? Compute(string? model, IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        if (options is { Tools.Count: > 0 })
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("v", 1);
            json.WriteString("model", model);
            json.WriteStartArray("messages");
            foreach (var message in messages)
            {
                if (message.Contents.Any(c => c is not TextContent))
                {
                    return null;
                }

                json.WriteStartObject();
                json.WriteString("role", message.Role.Value);
                json.WriteString("text", message.Text);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (options is not null && !WriteOptions(json, options))
            {
                return null;
            }

            json.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }

    private static bool WriteOptions(Utf8JsonWriter json, ChatOptions options)
    {
        json.WriteStartObject("options");
        json.WriteString("instructions", options.Instructions);
        WriteNumber(json, "temperature", options.Temperature);
        WriteNumber(json, "topP", options.TopP);
        WriteNumber(json, "topK", options.TopK);
        WriteNumber(json, "maxOutputTokens", options.MaxOutputTokens);
        WriteNumber(json, "frequencyPenalty", options.FrequencyPenalty);
        WriteNumber(json, "presencePenalty", options.PresencePenalty);
        WriteNumber(json, "seed", options.Seed);
        json.WriteString("responseFormat", options.ResponseFormat switch
        {
            null => null,
            ChatResponseFormatText => "text",
            ChatResponseFormatJson format => "json:" + format.Schema?.GetRawText(),
            var other => other.GetType().FullName,
        });
        json.WriteStartArray("stop");
        foreach (var stop in options.StopSequences ?? [])
        {
            json.WriteStringValue(stop);
        }

        json.WriteEndArray();
        if (options.AdditionalProperties is { Count: > 0 } extra)
        {
            json.WriteStartObject("extra");
            foreach (var (name, value) in extra.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                json.WritePropertyName(name);
                try
                {
                    JsonSerializer.Serialize(json, value, AIJsonUtilities.DefaultOptions);
                }
                catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
                {
                    return false;
                }
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
        return true;
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
