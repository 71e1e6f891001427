using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Rlm.Roslyn.Host.Eval;

/// <summary>
/// Code QA: four-choice questions over a real code base whose answers are derived mechanically from the files in
/// the context: which file defines a type, which file defines a function or method, how many occurrences of
/// <c>name(</c> there are (calls plus the declaration), and what a C# method is declared to return.
/// </summary>
internal sealed partial class CodeQaFamily : IEvalFamily
{
    /// <summary>The question kinds, in the order tasks cycle through them.</summary>
    public const int Kinds = 4;

    /// <summary>The line that starts each file in the context: "==> path &lt;==".</summary>
    public static string FileHeader(string path) => $"==> {path} <==";

    private static readonly HashSet<string> NotReturnTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "class", "struct", "record", "interface", "enum", "delegate", "event", "operator", "implicit", "explicit",
    };

    private readonly CodeBase _code;

    /// <summary>Creates the family over <paramref name="code"/>.</summary>
    public CodeQaFamily(CodeBase code) => _code = code;

    /// <inheritdoc />
    public string Name => "codeqa";

    /// <inheritdoc />
    public IEnumerable<EvalTask> Generate(int lengthTokens, int count, int seed)
    {
        var random = new Random(EvalSeed.Of(seed, lengthTokens, 0xC0DE));
        var files = Select(lengthTokens, random);
        var context = Build(files);
        var types = Definitions(files, TypeDefinition());
        var functions = Definitions(files, FunctionDefinition());
        var returns = new Dictionary<string, List<(string File, string Type)>>(StringComparer.Ordinal);
        foreach (var f in files)
        {
            foreach (Match m in MethodDefinition().Matches(f.Text))
            {
                if (!NotReturnTypes.Contains(m.Groups["type"].Value))
                {
                    AddTo(returns, m.Groups["name"].Value, (f.Path, m.Groups["type"].Value));
                    AddTo(functions, m.Groups["name"].Value, f.Path);
                }
            }
        }

        var text = context.Text.ToString();
        for (var i = 0; i < count; i++)
        {
            var (question, choices, gold) = Question(i % Kinds, files, types, functions, returns, text, random);
            var letter = (char)('A' + random.Next(4));
            var options = choices.OrderBy(_ => random.Next()).ToList();
            options.Remove(gold);
            options.Insert(letter - 'A', gold);
            var body = new StringBuilder(question).Append("\n\n");
            for (var c = 0; c < 4; c++)
            {
                body.Append(CultureInfo.InvariantCulture, $"{(char)('A' + c)}) {options[c]}\n");
            }

            body.Append("\nThe context is a code base; each file starts with a line \"==> path <==\". Give your final answer in the form 'Answer: <letter>'.");
            yield return new EvalTask(Name, lengthTokens, i, body.ToString(), letter.ToString(), EvalScoring.Choice, context);
        }
    }

    /// <summary>The number of occurrences of <c>name(</c> not preceded by an identifier char: every call plus the declaration.</summary>
    public static int CountCallSites(string text, string name)
    {
        var needle = name + "(";
        var n = 0;
        for (var at = text.IndexOf(needle, StringComparison.Ordinal); at >= 0; at = text.IndexOf(needle, at + needle.Length, StringComparison.Ordinal))
        {
            if (at == 0 || !(char.IsLetterOrDigit(text[at - 1]) || text[at - 1] is '_' or '$'))
            {
                n++;
            }
        }

        return n;
    }

    private List<CodeFile> Select(int lengthTokens, Random random)
    {
        var budget = EvalTokens.ToChars(lengthTokens);
        var chosen = new List<CodeFile>();
        var used = 0;
        foreach (var f in _code.Files.OrderBy(_ => random.Next()))
        {
            var size = FileHeader(f.Path).Length + f.Text.Length + 2;
            if (used + size <= budget)
            {
                chosen.Add(f);
                used += size;
            }
        }

        if (chosen.Count < 4)
        {
            throw new UsageException($"codeqa: only {chosen.Count} files of '{_code.Root}' fit in {EvalTokens.Format(lengthTokens)} tokens; use a longer --lengths value or a code base with smaller files.");
        }

        chosen.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return chosen;
    }

    private static RlmContext Build(List<CodeFile> files)
    {
        var builder = new StringBuilder();
        var spans = new List<(string Path, int Offset, int Length)>();
        foreach (var f in files)
        {
            var start = builder.Length;
            builder.Append(FileHeader(f.Path)).Append('\n').Append(f.Text);
            if (f.Text.Length == 0 || f.Text[^1] != '\n')
            {
                builder.Append('\n');
            }

            spans.Add((f.Path, start, builder.Length - start));
        }

        var memory = builder.ToString().AsMemory();
        var documents = spans.Select((s, i) => new Document(i, s.Path, s.Offset, s.Length, memory.Slice(s.Offset, s.Length))).ToList();
        return new RlmContext(memory, documents);
    }

    private static Dictionary<string, List<string>> Definitions(List<CodeFile> files, Regex pattern)
    {
        var map = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var f in files)
        {
            foreach (Match m in pattern.Matches(f.Text))
            {
                AddTo(map, m.Groups["name"].Value, f.Path);
            }
        }

        return map;
    }

    private static void AddTo<T>(Dictionary<string, List<T>> map, string key, T value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(value);
    }

    private static (string Question, List<string> Choices, string Gold) Question(
        int kind,
        List<CodeFile> files,
        Dictionary<string, List<string>> types,
        Dictionary<string, List<string>> functions,
        Dictionary<string, List<(string File, string Type)>> returns,
        string text,
        Random random)
    {
        // Fall through the kinds until one has a candidate in this context.
        for (var k = 0; k < Kinds; k++)
        {
            switch ((kind + k) % Kinds)
            {
                case 0 when Unique(types) is { Count: > 0 } names:
                {
                    var name = names[random.Next(names.Count)];
                    return ($"Which file defines the type `{name}` (a class, interface, struct, record or enum)?", FileChoices(files, types[name][0], random), types[name][0]);
                }

                case 1 when Unique(functions) is { Count: > 0 } names:
                {
                    var name = names[random.Next(names.Count)];
                    return ($"Which file defines the function or method `{name}`?", FileChoices(files, functions[name][0], random), functions[name][0]);
                }

                case 2 when functions.Keys.Concat(returns.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() is { Count: > 0 } names:
                {
                    var name = names[random.Next(names.Count)];
                    var n = CountCallSites(text, name);
                    var choices = new List<int> { n };
                    foreach (var d in (ReadOnlySpan<int>)[1, -1, 2, 3, -2, 5, 8])
                    {
                        if (choices.Count < 4 && n + d >= 0 && !choices.Contains(n + d))
                        {
                            choices.Add(n + d);
                        }
                    }

                    return (
                        $"How many occurrences of `{name}(` (the name directly followed by an opening parenthesis and not preceded by a letter, digit, '_' or '$') are there in the code base, declarations and calls together?",
                        choices.Select(c => c.ToString(CultureInfo.InvariantCulture)).ToList(),
                        n.ToString(CultureInfo.InvariantCulture));
                }

                case 3:
                {
                    var candidates = returns.Where(r => r.Value.Count == 1).Select(r => r.Key).Order(StringComparer.Ordinal).ToList();
                    var allTypes = returns.Values.SelectMany(v => v).Select(v => v.Type).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                    if (candidates.Count == 0 || allTypes.Count < 4)
                    {
                        continue;
                    }

                    var name = candidates[random.Next(candidates.Count)];
                    var gold = returns[name][0].Type;
                    var choices = new List<string> { gold };
                    choices.AddRange(allTypes.Where(t => t != gold).OrderBy(_ => random.Next()).Take(3));
                    return ($"What return type is the method `{name}` declared with (as written in its declaration)?", choices, gold);
                }
            }
        }

        throw new UsageException("codeqa: the selected files define no types or functions to ask about; use a different --code folder.");
    }

    private static List<string> Unique(Dictionary<string, List<string>> definitions) =>
        definitions.Where(d => d.Value.Count == 1).Select(d => d.Key).Order(StringComparer.Ordinal).ToList();

    private static List<string> FileChoices(List<CodeFile> files, string gold, Random random)
    {
        var choices = new List<string> { gold };
        choices.AddRange(files.Select(f => f.Path).Where(p => p != gold).OrderBy(_ => random.Next()).Take(3));
        return choices;
    }

    [GeneratedRegex(@"\b(?:class|interface|struct|record|enum)\s+(?<name>[A-Z][A-Za-z0-9_]{3,})\b")]
    private static partial Regex TypeDefinition();

    [GeneratedRegex(@"\bfunction\*?\s+(?<name>[A-Za-z_$][\w$]{3,})\s*\(|\b(?:def|func|fn)\s+(?<name>[A-Za-z_]\w{3,})\s*\(")]
    private static partial Regex FunctionDefinition();

    [GeneratedRegex(@"^[ \t]*(?:(?:public|private|protected|internal|static|async|override|virtual|sealed|abstract|new|extern|unsafe|partial)\s+)+(?<type>[A-Za-z_][\w<>\[\],.?]*(?:<[^;{}()=]*>)?[\]?]*)\s+(?<name>[A-Z]\w{3,})\s*(?:<[^;{}()]*>)?\(", RegexOptions.Multiline)]
    private static partial Regex MethodDefinition();
}
