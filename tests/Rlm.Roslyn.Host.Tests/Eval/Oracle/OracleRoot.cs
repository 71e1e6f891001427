using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace Rlm.Roslyn.Host.Tests.Eval.Oracle;

/// <summary>
/// The oracle root policy: reads the question from the first user message and writes the C# a competent model
/// would write for that family (grep for the needle; classify every record with batched sub-calls and aggregate;
/// grep the code base for declarations and call sites). It sees only the question, never the gold answer.
/// </summary>
internal static partial class OracleRoot
{
    /// <summary>The instruction every oracle classification sub-call starts with.</summary>
    public const string ClassifyPrompt = "Classify each numbered question into exactly one of these labels: abbreviation, entity, description and abstract concept, human being, location, numeric value. Reply with one line per question, '<number>: <label>'.";

    /// <summary>
    /// The reply to a root request: on the first turn, code that ends with Final(...); on a later turn (the code
    /// did not finish) the oracle gives up with the feedback it got, so a test failure shows what went wrong.
    /// </summary>
    public static string Reply(IReadOnlyList<ChatMessage> messages)
    {
        var users = messages.Where(m => m.Role == ChatRole.User).ToList();
        if (users.Count > 1)
        {
            var feedback = users[^1].Text;
            return "FINAL(oracle code did not finish: " + feedback[..Math.Min(600, feedback.Length)].ReplaceLineEndings(" ") + ")";
        }

        var firstUserMessage = users[0].Text;
        var question = QuestionLine().Match(firstUserMessage) is { Success: true } m ? firstUserMessage[(m.Index + m.Length)..] : firstUserMessage;
        return "I will compute it with code.\n```csharp\n" + Code(question) + "\n```\n";
    }

    private static string Code(string question)
    {
        if (Needle().Match(question) is { Success: true } needle)
        {
            var kind = needle.Groups[1].Value;
            var key = needle.Groups[2].Value;
            return $$"""
                var hits = Grep("{{key}} is:", literal: true, ignoreCase: true);
                Print(hits);
                var after = Peek(hits[0].Offset + hits[0].Match.Length, 80);
                var value = Regex.Match(after, @"[0-9A-Fa-f][0-9A-Fa-f-]*[0-9A-Fa-f]").Value;
                Final(value);
                """;
        }

        if (question.Contains("The context is a code base", StringComparison.Ordinal))
        {
            return CodeQa(question);
        }

        // The OOLONG question is the paragraph after the preamble that describes the records.
        var paragraphs = question.Split("\n\n");
        return Records.Replace("CLASSIFY", ClassifyPrompt, StringComparison.Ordinal) + "\n" + Aggregate(paragraphs.Length > 1 ? paragraphs[1] : question);
    }

    // Parse the records, classify the instances 100 to a sub-call, keep one label per record.
    private const string Records = """
        var rows = Context.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(" || "))
            .Select(p => (Date: DateOnly.ParseExact(p[0]["Date: ".Length..], "MMM dd, yyyy", CultureInfo.InvariantCulture),
                          User: int.Parse(p[1]["User: ".Length..], CultureInfo.InvariantCulture),
                          Instance: p[2]["Instance: ".Length..]))
            .ToList();
        var prompts = rows.Select((r, i) => (r, i)).Chunk(100)
            .Select(batch => "CLASSIFY\n" + string.Join("\n", batch.Select(x => x.i + ": " + x.r.Instance)))
            .ToList();
        var labels = new string[rows.Count];
        foreach (var reply in LlmMany(prompts))
        {
            foreach (var line in reply.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var colon = line.IndexOf(": ", StringComparison.Ordinal);
                if (colon > 0 && int.TryParse(line[..colon], out var at)) labels[at] = line[(colon + 2)..].Trim();
            }
        }
        Print($"{rows.Count} records, {labels.Count(l => l is null)} unlabelled");
        int CountOf(string label) => labels.Count(l => l == label);
        var byUser = rows.Select((r, i) => (r.User, Label: labels[i])).GroupBy(x => x.User)
            .ToDictionary(g => g.Key, g => g.GroupBy(x => x.Label).ToDictionary(h => h.Key ?? "", h => h.Count()));
        int UserCount(int user, string label) => byUser[user].TryGetValue(label, out var n) ? n : 0;
        string PairsOf(IEnumerable<int> users)
        {
            var u = users.Order().ToList();
            var sb = new StringBuilder();
            for (var a = 0; a < u.Count; a++) for (var b = a + 1; b < u.Count; b++) sb.Append($"({u[a]}, {u[b]})\n");
            return sb.ToString();
        }
        """;

    private static string Aggregate(string question)
    {
        var labels = Quoted().Matches(question).Select(m => m.Groups[1].Value).Where(l => !l.Contains('<', StringComparison.Ordinal)).ToList();
        string L(int i) => "\"" + labels[i] + "\"";
        if (question.Contains("most common across all records", StringComparison.Ordinal))
        {
            return "Final(\"Label: \" + labels.GroupBy(l => l).OrderByDescending(g => g.Count()).First().Key);";
        }

        if (question.Contains("least common across all records", StringComparison.Ordinal))
        {
            return "Final(\"Label: \" + labels.GroupBy(l => l).OrderBy(g => g.Count()).First().Key);";
        }

        if (question.StartsWith("Is the label", StringComparison.Ordinal))
        {
            return $$"""
                var a = CountOf({{L(0)}}); var b = CountOf({{L(1)}});
                Final($"Answer: {{labels[0]}} is {(a > b ? "more common than" : a < b ? "less common than" : "same frequency as")} {{labels[1]}}");
                """;
        }

        if (FromUser().Match(question) is { Success: true } user)
        {
            return $"Final(\"Answer: \" + UserCount({user.Groups[1].Value}, {L(0)}));";
        }

        if (Dated().Match(question) is { Success: true } dated)
        {
            return $$"""
                var from = DateOnly.ParseExact("{{dated.Groups[1].Value}}", "MMM dd, yyyy", CultureInfo.InvariantCulture);
                var to = DateOnly.ParseExact("{{dated.Groups[2].Value}}", "MMM dd, yyyy", CultureInfo.InvariantCulture);
                Final("Answer: " + rows.Where((r, i) => labels[i] == {{L(0)}} && r.Date >= from && r.Date <= to).Count());
                """;
        }

        if (question.StartsWith("How many records have the label", StringComparison.Ordinal))
        {
            return $"Final(\"Answer: \" + CountOf({L(0)}));";
        }

        if (question.StartsWith("Which user has the most records", StringComparison.Ordinal))
        {
            return $"Final(\"User: [\" + byUser.OrderByDescending(u => UserCount(u.Key, {L(0)})).First().Key + \"]\");";
        }

        if (question.Contains("at least one record with the label", StringComparison.Ordinal))
        {
            return $"Final(PairsOf(byUser.Keys.Where(u => UserCount(u, {L(0)}) > 0 && UserCount(u, {L(1)}) == 0)));";
        }

        if (question.Contains("exactly one record with the label", StringComparison.Ordinal))
        {
            return $"Final(PairsOf(byUser.Keys.Where(u => UserCount(u, {L(0)}) == 1)));";
        }

        if (question.Contains("more records with the label", StringComparison.Ordinal))
        {
            return $"Final(PairsOf(byUser.Keys.Where(u => UserCount(u, {L(0)}) > UserCount(u, {L(1)}))));";
        }

        throw new InvalidOperationException("The oracle does not know this question: " + question);
    }

    private static string CodeQa(string question)
    {
        const string ChooseCode = """
            string Letter(string choice) => Query.Split('\n').First(l => l.Length > 3 && l[1] == ')' && l[3..].Trim() == choice)[..1];
            """;
        var name = Backticked().Match(question).Groups[1].Value;

        // A C# method declaration: modifiers, a return type without spaces (generic arguments aside), the name, "(".
        var declaration = "var Declaration = @\"^[ \\t]*(?:(?:public|private|protected|internal|static|async|override|virtual|sealed|abstract|new|extern|unsafe|partial)\\s+)+(?<type>[A-Za-z_][\\w<>\\[\\],.?]*(?:<[^;{}()=]*>)?[\\]?]*)\\s+" + name + "\\s*(?:<[^;{}()]*>)?\\(\";\n";
        var prelude = ChooseCode + "\n" + declaration;
        if (question.StartsWith("Which file defines the type", StringComparison.Ordinal))
        {
            return prelude + $$"""

                var hits = Grep(@"\b(?:class|interface|struct|record|enum)\s+{{name}}\b");
                Print(hits);
                Final("Answer: " + Letter(hits[0].Document!));
                """;
        }

        if (question.StartsWith("Which file defines the function", StringComparison.Ordinal))
        {
            return prelude + $$"""

                var hits = Grep(@"(\bfunction\*?\s+{{name}}\s*\(|\b(def|func|fn)\s+{{name}}\s*\(|" + Declaration + ")")
                    .Where(h => !Regex.IsMatch(h.LineText, @"\s(class|struct|record|interface|enum|delegate|event|operator)\s")).ToList();
                Print(string.Join("\n", hits));
                Final("Answer: " + Letter(hits[0].Document!));
                """;
        }

        if (question.StartsWith("How many occurrences", StringComparison.Ordinal))
        {
            return prelude + $$"""

                var text = Context.ToString();
                var hits = Grep("{{name}}(", literal: true, maxHits: 10_000_000);
                var n = hits.Count(h => h.Offset == 0 || !(char.IsLetterOrDigit(text[h.Offset - 1]) || text[h.Offset - 1] == '_' || text[h.Offset - 1] == '$'));
                Print(n);
                Final("Answer: " + Letter(n.ToString(CultureInfo.InvariantCulture)));
                """;
        }

        if (question.StartsWith("What return type", StringComparison.Ordinal))
        {
            return prelude + $$"""

                var hits = Grep(Declaration).Where(h => !Regex.IsMatch(h.LineText, @"\s(class|struct|record|interface|enum|delegate|event|operator)\s")).ToList();
                Print(string.Join("\n", hits));
                var m = Regex.Match(hits[0].LineText, Declaration);
                Final("Answer: " + Letter(m.Groups["type"].Value));
                """;
        }

        throw new InvalidOperationException("The oracle does not know this question: " + question);
    }

    [GeneratedRegex(@"^Question: ", RegexOptions.Multiline)]
    private static partial Regex QuestionLine();

    [GeneratedRegex(@"special magic (number|uuid) for ([a-z]+-[a-z]+) mentioned")]
    private static partial Regex Needle();

    [GeneratedRegex(@"'([^']+)'")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"from user (\d+)")]
    private static partial Regex FromUser();

    [GeneratedRegex(@"dated from (\w{3} \d{2}, \d{4}) to (\w{3} \d{2}, \d{4})")]
    private static partial Regex Dated();

    [GeneratedRegex(@"`([^`(]+)\(?`")]
    private static partial Regex Backticked();
}
