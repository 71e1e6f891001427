using System.Text;

namespace Rlm.Roslyn.Sandbox.Tests.Corpus;

/// <summary>What a corpus case must end with.</summary>
internal enum Expectation
{
    Completed,
    Failed,
    Rejected,
    Limit,
    Timeout,
}

/// <summary>
/// One snippet of a corpus file. A case starts with a header line
/// <c>### id | expect: rejected RLM001</c> (or <c>limit CallDepth</c>, <c>timeout</c>, <c>failed</c>, <c>completed</c>), optionally
/// followed by <c>| contains: text</c> (the rest of the line) that the output or the returned value must contain; the lines up to the next
/// header are the snippet. Lines before the first header, and lines starting with "# ", are the file's own comments.
/// </summary>
internal sealed record CorpusCase(string Id, Expectation Expect, string? Detail, string? Contains, string Code, int Line)
{
    public static IReadOnlyList<CorpusCase> Load(string fileName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Corpus", fileName);
        var cases = new List<CorpusCase>();
        var lines = File.ReadAllLines(path);
        string? header = null;
        var headerLine = 0;
        var code = new StringBuilder();
        for (var i = 0; i <= lines.Length; i++)
        {
            if (i == lines.Length || lines[i].StartsWith("### ", StringComparison.Ordinal))
            {
                if (header is not null)
                {
                    cases.Add(Parse(header, code.ToString().Trim('\n'), headerLine, fileName));
                }

                if (i < lines.Length)
                {
                    header = lines[i][4..];
                    headerLine = i + 1;
                    code.Clear();
                }

                continue;
            }

            if (header is not null && !lines[i].StartsWith("# ", StringComparison.Ordinal))
            {
                code.Append(lines[i]).Append('\n');
            }
        }

        var duplicate = cases.GroupBy(c => c.Id).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? cases : throw new InvalidDataException($"{fileName}: case id '{duplicate.Key}' is used twice.");
    }

    private static CorpusCase Parse(string header, string code, int line, string fileName)
    {
        // "contains:" is last and takes the rest of the line verbatim, '|' included.
        string? contains = null;
        var containsAt = header.IndexOf("| contains:", StringComparison.Ordinal);
        if (containsAt >= 0)
        {
            contains = header[(containsAt + "| contains:".Length)..].Trim().Replace("\\n", "\n", StringComparison.Ordinal);
            header = header[..containsAt];
        }

        var parts = header.Split('|', StringSplitOptions.TrimEntries);
        var id = parts[0];
        var expect = Expectation.Completed;
        string? detail = null;
        foreach (var part in parts.Skip(1))
        {
            if (part.StartsWith("expect:", StringComparison.Ordinal))
            {
                var words = part["expect:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                expect = Enum.Parse<Expectation>(words[0], ignoreCase: true);
                detail = words.Length > 1 ? words[1] : null;
            }
            else
            {
                throw new InvalidDataException($"{fileName}:{line}: unknown header part '{part}'.");
            }
        }

        if (code.Length == 0 || ((expect is Expectation.Rejected or Expectation.Limit) && detail is null))
        {
            throw new InvalidDataException($"{fileName}:{line}: case '{id}' needs code and, when rejected or stopped, a rule id or limit.");
        }

        return new CorpusCase(id, expect, detail, contains, code, line);
    }

    public override string ToString() => Id;
}
