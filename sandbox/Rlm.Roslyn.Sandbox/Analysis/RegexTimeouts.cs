using Microsoft.CodeAnalysis;

namespace Rlm.Roslyn.Analysis;

/// <summary>
/// The regex members that choose a match timeout. A snippet's regex must keep the engine's default timeout: one it
/// chooses (<c>Regex.InfiniteMatchTimeout</c>, <c>TimeSpan.FromDays(20)</c>) lets a catastrophic pattern burn a core
/// long after its snippet was abandoned. The allow-list decides by name, for every overload, and these share their
/// names with the overloads that take no timeout (<c>Regex.IsMatch(input, pattern, options, matchTimeout)</c>), so
/// the judge refuses them by signature: in System.Text.RegularExpressions, anything that takes a <see cref="TimeSpan"/>,
/// a <see cref="TimeSpan"/> field (<c>InfiniteMatchTimeout</c>, the protected <c>internalMatchTimeout</c>) or a
/// settable <see cref="TimeSpan"/> property. Reading <c>Regex.MatchTimeout</c> stays allowed.
/// </summary>
internal static class RegexTimeouts
{
    private const string RegexNamespace = "System.Text.RegularExpressions";

    public static bool ChoosesTimeout(ISymbol member) =>
        InRegexNamespace(member.ContainingType) && member switch
        {
            IMethodSymbol method => method.Parameters.Any(p => IsTimeSpan(p.Type)),
            IPropertySymbol property => property.Parameters.Any(p => IsTimeSpan(p.Type)) || (property.SetMethod is not null && IsTimeSpan(property.Type)),
            IFieldSymbol field => IsTimeSpan(field.Type),
            _ => false,
        };

    private static bool InRegexNamespace(INamedTypeSymbol? type)
    {
        while (type?.ContainingType is { } containing)
        {
            type = containing;
        }

        var ns = type?.ContainingNamespace?.ToDisplayString();
        return ns is not null && (ns == RegexNamespace || ns.StartsWith(RegexNamespace + ".", StringComparison.Ordinal));
    }

    private static bool IsTimeSpan(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return type is INamedTypeSymbol { Name: "TimeSpan", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };
    }
}
