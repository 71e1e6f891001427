using System.Globalization;
using System.Text;
using Microsoft.Extensions.AI;

namespace Rlm.Roslyn;

/// <summary>
/// A chat request split for an RLM run: every long user text part becomes a document of the context (laid end to
/// end, in conversation order), and the rest of the conversation becomes the query, with a marker where each long
/// part was.
/// </summary>
internal sealed class RecursiveContextRequest
{
    /// <summary>Chars of the context's start and end quoted in the query when the conversation holds no other text.</summary>
    internal const int ExcerptChars = 400;

    private RecursiveContextRequest(string query, RlmContext context)
    {
        Query = query;
        Context = context;
    }

    public string Query { get; }

    public RlmContext Context { get; }

    /// <summary>Splits <paramref name="messages"/>; null when no user text part reaches <paramref name="minContextChars"/>.</summary>
    public static RecursiveContextRequest? TryCreate(IEnumerable<ChatMessage> messages, int minContextChars)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        List<(int Message, string Name, string Text)>? longParts = null;
        for (var m = 0; m < list.Count; m++)
        {
            if (list[m].Role != ChatRole.User)
            {
                continue;
            }

            var parts = 0;
            foreach (var content in list[m].Contents)
            {
                if (CharCount(content) >= minContextChars)
                {
                    parts++;
                    (longParts ??= []).Add((m, NameOf(content, m, parts), TextOf(content)!));
                }
            }
        }

        if (longParts is null)
        {
            return null;
        }

        var context = BuildContext(longParts);
        return new RecursiveContextRequest(BuildQuery(list, minContextChars, context), context);
    }

    private static RlmContext BuildContext(List<(int Message, string Name, string Text)> parts)
    {
        var total = parts.Sum(p => (long)p.Text.Length + 1);
        if (total > RlmContext.MaxChars)
        {
            throw new ArgumentException($"The long parts of the request hold {total:N0} chars; an RLM context holds at most {RlmContext.MaxChars:N0}.", nameof(parts));
        }

        var buffer = new char[total];
        var memory = new ReadOnlyMemory<char>(buffer);
        var documents = new List<Document>(parts.Count);
        var offset = 0;
        foreach (var (_, name, text) in parts)
        {
            if (offset > 0 && buffer[offset - 1] != '\n')
            {
                buffer[offset++] = '\n';
            }

            text.CopyTo(0, buffer, offset, text.Length);
            documents.Add(new Document(documents.Count, UniqueName(documents, name), offset, text.Length, memory.Slice(offset, text.Length)));
            offset += text.Length;
        }

        return new RlmContext(memory[..offset], documents);
    }

    private static string BuildQuery(IReadOnlyList<ChatMessage> messages, int minContextChars, RlmContext context)
    {
        // Each message's text in order, with a marker where a long part was; Spoken is the text without the markers.
        var turns = new List<(ChatRole Role, string Text, string Spoken)>();
        var document = 0;
        foreach (var message in messages)
        {
            var text = new StringBuilder();
            var spoken = new StringBuilder();
            foreach (var content in message.Contents)
            {
                if (message.Role == ChatRole.User && CharCount(content) >= minContextChars)
                {
                    var d = context.Documents[document++];
                    Append(text, string.Create(CultureInfo.InvariantCulture, $"[document '{d.Name}': {d.Length:N0} chars, in the context]"));
                }
                else if (content is TextContent { Text: { } part } && part.AsSpan().Trim().Length > 0)
                {
                    Append(text, part.Trim());
                    Append(spoken, part.Trim());
                }
            }

            if (text.Length > 0)
            {
                turns.Add((message.Role, text.ToString(), spoken.ToString()));
            }
        }

        var speaking = turns.Where(t => t.Spoken.Length > 0).ToList();
        if (speaking.Count == 0)
        {
            // Only long content: the request is somewhere inside it, most likely at its start or end.
            return string.Create(CultureInfo.InvariantCulture, $"""
                The user's message is the context ({context.Length:N0} chars) and holds no separate question. Find what it asks for (usually at its start or end) and do that.
                It starts with:
                {Excerpt(context.Text[..Math.Min(ExcerptChars, context.Length)])}
                It ends with:
                {Excerpt(context.Text[Math.Max(0, context.Length - ExcerptChars)..])}
                """);
        }

        if (speaking.Count == 1 && turns.All(t => t.Role == ChatRole.User))
        {
            // A single question next to the long content: the question itself is the query.
            return speaking[0].Spoken;
        }

        var query = new StringBuilder("The conversation so far; its long parts were moved into the context. Answer its last message.\n");
        foreach (var (role, text, _) in turns)
        {
            query.Append('\n').Append(role.Value).Append(": ").Append(text).Append('\n');
        }

        return query.ToString().TrimEnd();
    }

    private static void Append(StringBuilder text, string part)
    {
        if (text.Length > 0)
        {
            text.Append('\n');
        }

        text.Append(part);
    }

    private static string Excerpt(ReadOnlyMemory<char> text) => "«" + text.ToString().Trim() + "»";

    /// <summary>The chars of a text part without decoding it; -1 for content that is not text.</summary>
    private static int CharCount(AIContent content) => content switch
    {
        TextContent t => t.Text?.Length ?? 0,
        DataContent d when IsText(d) => Encoding.UTF8.GetCharCount(d.Data.Span),
        _ => -1,
    };

    private static bool IsText(DataContent content) => content.MediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase);

    private static string? TextOf(AIContent content) => content switch
    {
        TextContent t => t.Text,
        DataContent d when IsText(d) => Encoding.UTF8.GetString(d.Data.Span),
        _ => null,
    };

    private static string NameOf(AIContent content, int message, int part) =>
        content is DataContent { Name: { Length: > 0 } name } ? name : $"message{message + 1}" + (part > 1 ? $".part{part}" : string.Empty);

    private static string UniqueName(List<Document> documents, string name)
    {
        var unique = name;
        for (var n = 2; documents.Any(d => d.Name == unique); n++)
        {
            unique = $"{name} ({n})";
        }

        return unique;
    }
}
