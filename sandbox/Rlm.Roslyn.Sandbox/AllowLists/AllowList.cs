using System.Globalization;

namespace Rlm.Roslyn.AllowLists;

/// <summary>
/// A parsed allow-list: which namespaces, types and members snippets may use, and for each refused one the rule
/// it breaks. Lookups go from the most specific entry to the least: an exact member, then <c>Type.*</c>, then the
/// type (or a type containing it), then the longest namespace prefix. Anything no entry covers breaks RLM100.
/// The grammar is documented at the top of the default list, <c>AllowList.txt</c>.
/// </summary>
internal sealed class AllowList
{
    private const string Constructor = ".ctor";

    private readonly Dictionary<string, SandboxRule> _rules;
    private readonly Dictionary<string, SandboxRule?> _namespaces;
    private readonly Dictionary<string, SandboxRule?> _types;
    private readonly Dictionary<string, SandboxRule?> _members;

    private AllowList(
        Dictionary<string, SandboxRule> rules,
        Dictionary<string, SandboxRule?> namespaces,
        Dictionary<string, SandboxRule?> types,
        Dictionary<string, SandboxRule?> members)
    {
        _rules = rules;
        _namespaces = namespaces;
        _types = types;
        _members = members;
        NotAllowListed = Rule(RuleIds.NotAllowListed);
    }

    /// <summary>The rule for anything no entry covers.</summary>
    public SandboxRule NotAllowListed { get; }

    /// <summary>Declared rules, by id.</summary>
    public IReadOnlyDictionary<string, SandboxRule> Rules => _rules;

    /// <summary>How many namespace, type and member entries the list holds.</summary>
    public int EntryCount => _namespaces.Count + _types.Count + _members.Count;

    /// <summary>The rule with this id: declared in the list, or the built-in text for the construct rules.</summary>
    public SandboxRule Rule(string id) =>
        _rules.TryGetValue(id, out var rule) ? rule
        : RuleIds.Fallbacks.TryGetValue(id, out var fallback) ? fallback
        : throw new KeyNotFoundException($"No rule {id}.");

    /// <summary>
    /// Decides a type by its dotted names from the outermost type inwards (<c>System.Environment.SpecialFolder</c> is
    /// namespace <c>System</c>, types <c>Environment</c>, <c>SpecialFolder</c>). Null means allowed.
    /// </summary>
    /// <param name="namespaceName">The containing namespace, empty for the global one.</param>
    /// <param name="typeNames">Type names from the outermost to the type itself, without generic arity.</param>
    public SandboxRule? DecideType(string namespaceName, IReadOnlyList<string> typeNames)
    {
        for (var depth = typeNames.Count; depth > 0; depth--)
        {
            if (_types.TryGetValue(Join(namespaceName, typeNames, depth), out var rule))
            {
                return rule;
            }
        }

        return DecideNamespace(namespaceName);
    }

    /// <summary>Decides a member of a type; <paramref name="memberName"/> is its metadata name (.ctor for constructors).</summary>
    public SandboxRule? DecideMember(string namespaceName, IReadOnlyList<string> typeNames, string memberName)
    {
        var typeName = Join(namespaceName, typeNames, typeNames.Count);
        if (_members.TryGetValue(typeName + "." + memberName, out var exact))
        {
            return exact;
        }

        return _members.TryGetValue(typeName + ".*", out var wildcard) ? wildcard : DecideType(namespaceName, typeNames);
    }

    /// <summary>Decides a namespace by its longest prefix with an entry. Null means allowed.</summary>
    public SandboxRule? DecideNamespace(string namespaceName)
    {
        var name = namespaceName;
        while (name.Length > 0)
        {
            if (_namespaces.TryGetValue(name, out var rule))
            {
                return rule;
            }

            var dot = name.LastIndexOf('.');
            name = dot < 0 ? string.Empty : name[..dot];
        }

        return _namespaces.TryGetValue(string.Empty, out var global) ? global : NotAllowListed;
    }

    /// <summary>Parses allow-list text; throws <see cref="FormatException"/> naming the first bad line.</summary>
    public static AllowList Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rules = new Dictionary<string, SandboxRule>(StringComparer.Ordinal);
        var namespaces = new Dictionary<string, SandboxRule?>(StringComparer.Ordinal);
        var types = new Dictionary<string, SandboxRule?>(StringComparer.Ordinal);
        var members = new Dictionary<string, SandboxRule?>(StringComparer.Ordinal);
        var pending = new List<(int Line, string RuleId, string Kind, string Target)>();

        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = StripComment(rawLine).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            switch (words[0])
            {
                case "rule":
                    var rule = ParseRule(line, lineNumber);
                    rules[rule.Id] = rule;
                    break;
                case "deny":
                    if (words.Length != 4 || !IsRuleId(words[1]))
                    {
                        throw Error(lineNumber, "expected 'deny <RULE-ID> namespace|type|member <name>'");
                    }

                    pending.Add((lineNumber, words[1], words[2], words[3]));
                    break;
                case "allow":
                    if (words.Length != 3)
                    {
                        throw Error(lineNumber, "expected 'allow namespace|type|member <name>'");
                    }

                    pending.Add((lineNumber, string.Empty, words[1], words[2]));
                    break;
                default:
                    if (words.Length != 2)
                    {
                        throw Error(lineNumber, "expected 'namespace|type|member <name>', 'deny <RULE-ID> ...' or 'rule <RULE-ID> <family>: <hint>'");
                    }

                    pending.Add((lineNumber, string.Empty, words[0], words[1]));
                    break;
            }
        }

        foreach (var (line, ruleId, kind, target) in pending)
        {
            SandboxRule? rule = null;
            if (ruleId.Length > 0 && !rules.TryGetValue(ruleId, out rule) && !RuleIds.Fallbacks.TryGetValue(ruleId, out rule))
            {
                throw Error(line, $"rule {ruleId} is not declared (add 'rule {ruleId} <family>: <hint>')");
            }

            var table = kind switch
            {
                "namespace" => namespaces,
                "type" => types,
                "member" => members,
                _ => throw Error(line, $"unknown kind '{kind}' (expected namespace, type or member)"),
            };
            table[ValidateTarget(kind, target, line)] = rule;
        }

        return new AllowList(rules, namespaces, types, members);
    }

    private static SandboxRule ParseRule(string line, int lineNumber)
    {
        // rule RLM001 files: Use Context instead.
        var rest = line["rule".Length..].TrimStart();
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (space <= 0 || colon < space)
        {
            throw Error(lineNumber, "expected 'rule <RULE-ID> <family>: <hint>'");
        }

        var id = rest[..space];
        var family = rest[space..colon].Trim();
        var hint = rest[(colon + 1)..].Trim();
        if (!IsRuleId(id) || family.Length == 0 || hint.Length == 0)
        {
            throw Error(lineNumber, "expected 'rule <RULE-ID> <family>: <hint>' with an id like RLM001, a family and a hint");
        }

        return new SandboxRule(id, family, hint);
    }

    private static string ValidateTarget(string kind, string target, int line)
    {
        if (kind == "member")
        {
            var memberName = target.EndsWith(".." + "ctor", StringComparison.Ordinal) ? Constructor : target[(target.LastIndexOf('.') + 1)..];
            var typeName = memberName.Length < target.Length ? target[..^(memberName.Length + 1)] : string.Empty;
            if (typeName.Length == 0 || memberName.Length == 0 || !IsDottedName(typeName) || (memberName != "*" && memberName != Constructor && !IsIdentifier(memberName)))
            {
                throw Error(line, $"'{target}' is not a member name like Namespace.Type.Member, Namespace.Type.* or Namespace.Type..ctor");
            }

            return target;
        }

        if (!IsDottedName(target) && !(kind == "namespace" && target == "*"))
        {
            throw Error(line, $"'{target}' is not a dotted name (write generic types without their type parameters: System.Collections.Generic.List)");
        }

        return kind == "namespace" && target == "*" ? string.Empty : target;
    }

    private static bool IsDottedName(string name) => name.Split('.').All(IsIdentifier);

    private static bool IsIdentifier(string part) =>
        part.Length > 0 && (char.IsLetter(part[0]) || part[0] == '_') && part.All(c => char.IsLetterOrDigit(c) || c == '_');

    private static bool IsRuleId(string word) =>
        word.Length > 3 && word.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c)) && char.IsAsciiDigit(word[^1]);

    /// <summary>A <c>#</c> at the start of a line or after white space starts a comment (so a hint may say C#).</summary>
    private static string StripComment(string line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])))
            {
                return line[..i];
            }
        }

        return line;
    }

    private static string Join(string namespaceName, IReadOnlyList<string> typeNames, int count)
    {
        var parts = new string[count];
        for (var i = 0; i < count; i++)
        {
            parts[i] = typeNames[i];
        }

        var types = string.Join('.', parts);
        return namespaceName.Length == 0 ? types : namespaceName + "." + types;
    }

    private static FormatException Error(int line, string message) =>
        new(string.Create(CultureInfo.InvariantCulture, $"Allow-list line {line}: {message}."));
}
