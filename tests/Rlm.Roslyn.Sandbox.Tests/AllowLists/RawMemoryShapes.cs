using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Rlm.Roslyn.Sandbox.Tests.AllowLists;

/// <summary>
/// The shapes of a public member that can read or write memory outside the object it was handed: a managed
/// reference plus an offset or count (no bounds check can apply), a name that says so (Unsafe, NonTemporal...),
/// a pointer in the signature, a static method that hands out a reference, or one that re-types a span.
/// </summary>
internal static class RawMemoryShapes
{
    private static readonly string[] DangerousNameParts = ["Unsafe", "NonTemporal", "Unaligned", "AsPointer", "AsRef", "Pointer"];

    // An integer with one of these in its name moves or sizes whatever the reference points at.
    private static readonly string[] OffsetNameParts = ["offset", "index", "count", "length", "size", "start"];

    /// <summary>Why <paramref name="member"/> has a raw-memory shape, or null when it has none.</summary>
    public static string? Why(ISymbol member)
    {
        if (DangerousNameParts.FirstOrDefault(part => member.Name.Contains(part, StringComparison.OrdinalIgnoreCase)) is { } part)
        {
            return $"name contains '{part}'";
        }

        var (returnType, parameters) = member switch
        {
            IMethodSymbol m => (m.ReturnType, m.Parameters),
            IPropertySymbol p => (p.Type, p.Parameters),
            IFieldSymbol f => (f.Type, []),
            IEventSymbol e => (e.Type, []),
            _ => ((ITypeSymbol?)null, ImmutableArray<IParameterSymbol>.Empty),
        };

        if (IsPointer(returnType) || parameters.Any(p => IsPointer(p.Type)))
        {
            return "pointer or function pointer in its signature";
        }

        // An out parameter is assigned whole; a ref, in or ref readonly one is an address the method may move.
        foreach (var byRef in parameters.Where(p => p.RefKind is RefKind.Ref or RefKind.In or RefKind.RefReadOnlyParameter))
        {
            if (parameters.FirstOrDefault(p => p.RefKind == RefKind.None && IsOffset(p, byRef.Type)) is { } offset)
            {
                return $"'{byRef.RefKind.ToString().ToLowerInvariant()} {byRef.Type} {byRef.Name}' with integer '{offset.Type} {offset.Name}'";
            }
        }

        if (member is IMethodSymbol { IsStatic: true } method)
        {
            if (method.ReturnsByRef || method.ReturnsByRefReadonly)
            {
                return "static method returning a reference";
            }

            if (SpanElement(method.ReturnType) is { } to && parameters.Select(p => SpanElement(p.Type)).FirstOrDefault(from => from is not null && !SymbolEqualityComparer.Default.Equals(from, to)) is { } from)
            {
                return $"re-types a span of {from} as a span of {to}";
            }
        }

        return null;
    }

    /// <summary>
    /// An integer that moves the reference: of another type than the referenced value (Vector.LoadUnsafe(ref T,
    /// nuint)), or named like an offset or a length. Interlocked.Add(ref int, int value) passes a value.
    /// </summary>
    private static bool IsOffset(IParameterSymbol parameter, ITypeSymbol referenced) =>
        IsInteger(parameter.Type)
        && (!SymbolEqualityComparer.Default.Equals(parameter.Type, referenced)
            || OffsetNameParts.Any(part => parameter.Name.Contains(part, StringComparison.OrdinalIgnoreCase)));

    private static ITypeSymbol? SpanElement(ITypeSymbol type) =>
        type is INamedTypeSymbol { Name: "Span" or "ReadOnlySpan" or "Memory" or "ReadOnlyMemory", ContainingNamespace.Name: "System", TypeArguments: [var element] } ? element : null;

    private static bool IsPointer(ITypeSymbol? type) => type switch
    {
        IPointerTypeSymbol or IFunctionPointerTypeSymbol => true,
        IArrayTypeSymbol array => IsPointer(array.ElementType),
        _ => false,
    };

    private static bool IsInteger(ITypeSymbol type) => type.SpecialType is
        SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16
        or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64
        or SpecialType.System_IntPtr or SpecialType.System_UIntPtr;
}
