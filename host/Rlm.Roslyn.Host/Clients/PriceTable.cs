using System.Globalization;
using System.Text.Json;

namespace Rlm.Roslyn.Host;

/// <summary>
/// Model prices for cost reports and <c>--max-cost</c>, in US dollars per million tokens: from a JSON file
/// (<c>--prices FILE</c>) and/or <c>--price MODEL=INPUT,OUTPUT</c> flags (flags win). The file's shape:
/// <c>{ "gpt-5": { "input": 1.25, "output": 10 }, "gpt-5-mini": { "input": 0.25, "output": 2 } }</c>.
/// Model names compare without case.
/// </summary>
internal static class PriceTable
{
    public static Dictionary<string, ModelPrice> Load(string? file, IReadOnlyList<string> flags)
    {
        var prices = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);
        if (file is not null)
        {
            ReadFile(file, prices);
        }

        foreach (var flag in flags)
        {
            var (model, price) = ParseFlag(flag);
            prices[model] = price;
        }

        return prices;
    }

    private static void ReadFile(string file, Dictionary<string, ModelPrice> prices)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--prices: cannot read '{file}': {ex.Message}");
        }

        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new UsageException($"--prices: '{file}' must hold a JSON object of models, e.g. {{ \"gpt-5\": {{ \"input\": 1.25, \"output\": 10 }} }}.");
            }

            foreach (var model in document.RootElement.EnumerateObject())
            {
                if (model.Value.ValueKind != JsonValueKind.Object
                    || !TryPrice(model.Value, "input", out var input)
                    || !TryPrice(model.Value, "output", out var output))
                {
                    throw new UsageException($"--prices: '{model.Name}' in '{file}' needs \"input\" and \"output\": dollars per million tokens, numbers of 0 or more.");
                }

                prices[model.Name] = new ModelPrice(input, output);
            }
        }
        catch (JsonException ex)
        {
            throw new UsageException($"--prices: '{file}' is not valid JSON: {ex.Message}");
        }
    }

    private static bool TryPrice(JsonElement model, string name, out decimal price)
    {
        price = 0;
        return model.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out price) && price >= 0;
    }

    private static (string Model, ModelPrice Price) ParseFlag(string flag)
    {
        var equals = flag.LastIndexOf('=');
        var parts = equals > 0 ? flag[(equals + 1)..].Split(',') : [];
        if (parts.Length == 2
            && decimal.TryParse(parts[0], NumberStyles.Number, CultureInfo.InvariantCulture, out var input) && input >= 0
            && decimal.TryParse(parts[1], NumberStyles.Number, CultureInfo.InvariantCulture, out var output) && output >= 0)
        {
            return (flag[..equals].Trim(), new ModelPrice(input, output));
        }

        throw new UsageException($"--price must be MODEL=INPUT,OUTPUT in dollars per million tokens, e.g. --price gpt-5=1.25,10; got '{flag}'.");
    }
}
