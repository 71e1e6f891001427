using System.Text;

namespace Rlm.Roslyn.Tests;

/// <summary>Builds contexts the way the loader lays documents out, and random texts for property tests.</summary>
internal static class TestContexts
{
    private static readonly string[] Tokens =
        ["needle", "Needle", "NEEDLE", "hay", "a", "b", "ab", " ", " ", "\n", "\n", "\r\n", "\n\n", "x1", "é", "ne", "edle", "\t"];

    /// <summary>Named documents laid end to end, with a '\n' after each one that does not end with '\n' (except the last).</summary>
    public static RlmContext Build(params (string Name, string Text)[] documents)
    {
        var sb = new StringBuilder();
        var spans = new List<(string Name, int Offset, int Length)>();
        for (var i = 0; i < documents.Length; i++)
        {
            if (i > 0 && (sb.Length == 0 || sb[^1] != '\n'))
            {
                sb.Append('\n');
            }

            spans.Add((documents[i].Name, sb.Length, documents[i].Text.Length));
            sb.Append(documents[i].Text);
        }

        var text = sb.ToString().AsMemory();
        var docs = spans.Select((d, i) => new Document(i, d.Name, d.Offset, d.Length, text.Slice(d.Offset, d.Length))).ToList();
        return new RlmContext(text, docs);
    }

    /// <summary>Documents named doc0.txt, doc1.txt, ...</summary>
    public static RlmContext Build(params string[] documents) =>
        Build(documents.Select((t, i) => ($"doc{i}.txt", t)).ToArray());

    /// <summary>A context with no document index at all.</summary>
    public static RlmContext WithoutDocuments(string text) => new(text.AsMemory(), []);

    /// <summary>Random text of about <paramref name="tokens"/> tokens: words, spaces, LF, CRLF and empty lines.</summary>
    public static string RandomText(Random random, int tokens)
    {
        var sb = new StringBuilder();
        if (random.Next(3) == 0)
        {
            sb.Append("needle");
        }

        for (var i = 0; i < tokens; i++)
        {
            sb.Append(Tokens[random.Next(Tokens.Length)]);
        }

        if (random.Next(3) == 0)
        {
            sb.Append("needle");
        }

        return sb.ToString();
    }

    /// <summary>A random context: one to four documents (sometimes none indexed), some empty, some ending with '\n'.</summary>
    public static RlmContext RandomContext(Random random, int maxTokens = 400)
    {
        if (random.Next(6) == 0)
        {
            return WithoutDocuments(RandomText(random, random.Next(maxTokens)));
        }

        var documents = new string[random.Next(1, 5)];
        for (var i = 0; i < documents.Length; i++)
        {
            documents[i] = random.Next(8) == 0 ? "" : RandomText(random, random.Next(maxTokens));
        }

        return Build(documents);
    }

    /// <summary>Seeds for property tests.</summary>
    public static TheoryData<int> Seeds() => new(Enumerable.Range(1, 25));
}
