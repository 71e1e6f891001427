using System.ComponentModel;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Rlm.Roslyn;

/// <summary>
/// Writes the script API section of the system prompt from the globals type itself: signatures by reflection,
/// descriptions from the engine's XML documentation file. Code and prompt cannot drift apart.
/// </summary>
internal static partial class ApiReference
{
    private static readonly Lazy<string> s_text = new(Build);

    /// <summary>The types a snippet gets back from the helpers, described after the globals.</summary>
    private static readonly Type[] s_resultTypes = [typeof(Document), typeof(GrepHit), typeof(GrepResult), typeof(Chunk)];

    public static string Text => s_text.Value;

    private static string Build()
    {
        var docs = LoadDocumentation();
        var text = new StringBuilder();
        foreach (var property in typeof(RlmGlobals).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(IsListed))
        {
            text.Append("- `").Append(TypeNames.Format(property.PropertyType)).Append(' ').Append(property.Name).Append("`: ")
                .AppendLine(Summary(docs, "P:" + typeof(RlmGlobals).FullName + "." + property.Name));
        }

        foreach (var method in typeof(RlmGlobals).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Where(m => !m.IsSpecialName && IsListed(m)))
        {
            text.Append("- `").Append(Signature(method)).Append("`: ").AppendLine(Summary(docs, MemberId(method)));
        }

        text.AppendLine().AppendLine("Result types (all print readably):");
        foreach (var type in s_resultTypes)
        {
            var members = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.GetIndexParameters().Length == 0 && IsListed(p))
                .Select(p => $"{TypeNames.Format(p.PropertyType)} {p.Name}");
            text.Append("- `").Append(TypeNames.Format(type)).Append("` { ").Append(string.Join(", ", members)).Append(" }: ")
                .AppendLine(Summary(docs, "T:" + type.FullName));
        }

        return text.ToString();
    }

    private static bool IsListed(MemberInfo member) =>
        member.GetCustomAttribute<EditorBrowsableAttribute>()?.State != EditorBrowsableState.Never;

    private static string Signature(MethodInfo method)
    {
        var parameters = method.GetParameters().Select(p =>
        {
            var text = $"{TypeNames.Format(p.ParameterType)} {p.Name}";
            return !p.HasDefaultValue ? text : text + " = " + p.DefaultValue switch
            {
                null => "null",
                bool b => b ? "true" : "false",
                string s => $"\"{s}\"",
                var v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture),
            };
        });
        return $"{TypeNames.Format(method.ReturnType)} {method.Name}({string.Join(", ", parameters)})";
    }

    /// <summary>The XML documentation id of a method, as the compiler writes it.</summary>
    private static string MemberId(MethodInfo method)
    {
        var parameters = method.GetParameters();
        var id = $"M:{method.DeclaringType!.FullName}.{method.Name}";
        return parameters.Length == 0 ? id : id + "(" + string.Join(",", parameters.Select(p => DocTypeName(p.ParameterType))) + ")";
    }

    private static string DocTypeName(Type type)
    {
        if (!type.IsGenericType)
        {
            return type.FullName ?? type.Name;
        }

        var definition = type.GetGenericTypeDefinition().FullName!;
        return definition[..definition.IndexOf('`', StringComparison.Ordinal)] + "{" + string.Join(",", type.GetGenericArguments().Select(DocTypeName)) + "}";
    }

    private static Dictionary<string, string> LoadDocumentation()
    {
        var assembly = typeof(RlmGlobals).Assembly;
        var path = Path.ChangeExtension(assembly.Location, ".xml");
        var docs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(assembly.Location) || !File.Exists(path))
        {
            return docs;
        }

        foreach (var member in XDocument.Load(path).Descendants("member"))
        {
            if (member.Attribute("name")?.Value is { } name && member.Element("summary") is { } summary)
            {
                docs[name] = Flatten(summary);
            }
        }

        return docs;
    }

    private static string Summary(Dictionary<string, string> docs, string id) => docs.GetValueOrDefault(id, string.Empty);

    /// <summary>Summary XML to one line of prompt text: &lt;c&gt; becomes backticks, crefs their last name segment.</summary>
    private static string Flatten(XElement summary)
    {
        var text = new StringBuilder();
        foreach (var node in summary.Nodes())
        {
            text.Append(node switch
            {
                XText t => t.Value,
                XElement { Name.LocalName: "c" } c => "`" + c.Value + "`",
                XElement e when e.Attribute("cref") is { } cref => cref.Value[(cref.Value.LastIndexOf('.') + 1)..],
                XElement e when e.Attribute("name") is { } name => name.Value,
                XElement e when e.Attribute("langword") is { } word => word.Value,
                XElement e => e.Value,
                _ => string.Empty,
            });
        }

        return Whitespace().Replace(text.ToString(), " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
