using Microsoft.CodeAnalysis;

namespace Rlm.Roslyn.Analysis;

/// <summary>
/// Interpolated-string handlers that rent their buffer from <c>ArrayPool&lt;char&gt;.Shared</c>: a copy of one outlives
/// <c>ToStringAndClear()</c> and reads or writes an array the pool has handed to other code. The compiler's own use
/// (every <c>$"..."</c>, <c>string.Create(provider, span, $"...")</c>) never copies it, so the type stays on the
/// allow-list and the walker refuses it only where a snippet names or holds one itself (RLM008).
/// </summary>
internal static class PooledHandlers
{
    private const string Namespace = "System.Runtime.CompilerServices";

    /// <summary>Their simple names: a snippet that writes none of them cannot name one (the fast path's trigger).</summary>
    public static readonly string[] TypeNames = ["DefaultInterpolatedStringHandler"];

    /// <summary>True for a pooled handler type of the libraries (not one the snippet declares).</summary>
    public static bool IsPooledHandler(ITypeSymbol? type) =>
        type is INamedTypeSymbol named
        && !SymbolJudge.IsDeclaredInSnippets(named)
        && Array.IndexOf(TypeNames, named.Name) >= 0
        && named.ContainingType is null
        && named.ContainingNamespace?.ToDisplayString() == Namespace;

    /// <summary>The pooled handler a name refers to: the type itself, or the type whose member it is; null otherwise.</summary>
    public static ITypeSymbol? NamedBy(ISymbol symbol) => symbol switch
    {
        ITypeSymbol type when IsPooledHandler(type) => type,
        IMethodSymbol or IPropertySymbol or IFieldSymbol or IEventSymbol when IsPooledHandler(symbol.ContainingType) => symbol.ContainingType,
        _ => null,
    };
}
