using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Rlm.Roslyn.AllowLists;

namespace Rlm.Roslyn.Analysis;

/// <summary>
/// Decides whether a type or member may be used, against an <see cref="AllowList"/>. Symbols declared by the
/// snippets themselves are always allowed (their signatures are checked where they are written), but the type
/// arguments of anything are checked recursively: <c>List&lt;FileInfo&gt;</c> is refused because <c>FileInfo</c> is.
/// Decisions for library symbols are cached per symbol; the judge is shared and thread-safe.
/// </summary>
internal sealed class SymbolJudge(AllowList list)
{
    private static readonly Judgement Allowed = new(null, null);

    // Metadata symbols are shared by every compilation over the same references, so they make good keys; the
    // weak table lets a symbol (and its compilation) go once nothing else holds it.
    private readonly ConditionalWeakTable<ISymbol, Judgement> _cache = [];

    public AllowList List { get; } = list;

    /// <summary>Returns the refusal for using <paramref name="type"/> (by name, as a value, as a type argument...), or null.</summary>
    public Verdict? CheckType(ITypeSymbol? type)
    {
        switch (type)
        {
            case null or ITypeParameterSymbol or IErrorTypeSymbol:
                return null;
            case IArrayTypeSymbol array:
                return CheckType(array.ElementType);
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                return new Verdict(List.Rule(RuleIds.Unsafe), type);
            case IDynamicTypeSymbol:
                return new Verdict(List.Rule(RuleIds.Dynamic), type);
            case INamedTypeSymbol named:
                if (!IsDeclaredInSnippets(named))
                {
                    var judgement = _cache.GetValue(named.OriginalDefinition, JudgeType);
                    if (judgement.Rule is { } rule)
                    {
                        return new Verdict(rule, judgement.Offender!);
                    }
                }

                return CheckTypeArguments(named);
            default:
                return null;
        }
    }

    /// <summary>Returns the refusal for using a method, constructor, property, field or event, or null.</summary>
    public Verdict? CheckMember(ISymbol member)
    {
        if (member is IMethodSymbol method)
        {
            method = method.ReducedFrom ?? method;
            switch (method.MethodKind)
            {
                case MethodKind.PropertyGet or MethodKind.PropertySet or MethodKind.EventAdd or MethodKind.EventRemove or MethodKind.EventRaise
                    when method.AssociatedSymbol is { } associated:
                    return CheckMember(associated);
                case MethodKind.FunctionPointerSignature:
                    return new Verdict(List.Rule(RuleIds.Unsafe), method);
                case MethodKind.BuiltinOperator:
                    return null;
            }

            foreach (var argument in method.TypeArguments)
            {
                if (CheckType(argument) is { } verdict)
                {
                    return verdict;
                }
            }

            member = method;
        }

        if (member is not (IMethodSymbol or IPropertySymbol or IFieldSymbol or IEventSymbol) || member.ContainingType is not { } containing)
        {
            return null;
        }

        if (!IsDeclaredInSnippets(member))
        {
            var judgement = _cache.GetValue(member.OriginalDefinition, JudgeMember);
            if (judgement.Rule is { } rule)
            {
                return new Verdict(rule, judgement.Offender!);
            }
        }

        return CheckTypeArguments(containing);
    }

    /// <summary>True for symbols from this session's submissions (source), false for library metadata.</summary>
    public static bool IsDeclaredInSnippets(ISymbol symbol) => symbol.ContainingAssembly is ISourceAssemblySymbol;

    private Verdict? CheckTypeArguments(INamedTypeSymbol named)
    {
        for (var type = named; type is not null; type = type.ContainingType)
        {
            foreach (var argument in type.TypeArguments)
            {
                if (!SymbolEqualityComparer.Default.Equals(argument, type) && CheckType(argument) is { } verdict)
                {
                    return verdict;
                }
            }
        }

        return null;
    }

    private Judgement JudgeType(ISymbol symbol)
    {
        var type = (INamedTypeSymbol)symbol;
        var (namespaceName, typeNames) = Names(type);
        return List.DecideType(namespaceName, typeNames) is { } rule ? new Judgement(rule, type) : Allowed;
    }

    private Judgement JudgeMember(ISymbol member)
    {
        var containing = member.ContainingType;
        var (namespaceName, typeNames) = Names(containing);
        var rule = List.DecideMember(namespaceName, typeNames, member.MetadataName);
        if (rule is null)
        {
            // Pointer overloads share their name with safe ones (Encoding.GetBytes(char*, int, byte*, int)), so
            // the list cannot name them; the compiler refuses them without unsafe code, and so does the judge.
            // Regex timeout overloads share theirs too (Regex.IsMatch(input, pattern, options, matchTimeout)).
            return HasPointerSignature(member) ? new Judgement(List.Rule(RuleIds.Unsafe), member)
                : RegexTimeouts.ChoosesTimeout(member) ? new Judgement(List.Rule(RuleIds.RegexTimeout), member)
                : Allowed;
        }

        // Name the type when the whole type is refused, the member when only the member is.
        return List.DecideType(namespaceName, typeNames) == rule ? new Judgement(rule, containing) : new Judgement(rule, member);
    }

    /// <summary>True when the member takes or returns a pointer or function pointer (so only unsafe code can use it).</summary>
    public static bool HasPointerSignature(ISymbol member) => member switch
    {
        IMethodSymbol method => IsPointer(method.ReturnType) || method.Parameters.Any(p => IsPointer(p.Type)),
        IPropertySymbol property => IsPointer(property.Type) || property.Parameters.Any(p => IsPointer(p.Type)),
        IFieldSymbol field => IsPointer(field.Type),
        _ => false,
    };

    private static bool IsPointer(ITypeSymbol type) => type switch
    {
        IPointerTypeSymbol or IFunctionPointerTypeSymbol => true,
        IArrayTypeSymbol array => IsPointer(array.ElementType),
        _ => false,
    };

    private static (string Namespace, string[] TypeNames) Names(INamedTypeSymbol type)
    {
        var depth = 0;
        for (var t = type; t is not null; t = t.ContainingType)
        {
            depth++;
        }

        var names = new string[depth];
        var outermost = type;
        for (var t = type; t is not null; t = t.ContainingType)
        {
            names[--depth] = t.Name;
            outermost = t;
        }

        var ns = outermost.ContainingNamespace;
        return (ns is null || ns.IsGlobalNamespace ? string.Empty : ns.ToDisplayString(), names);
    }

    private sealed record Judgement(SandboxRule? Rule, ISymbol? Offender);
}

/// <summary>A refusal: the rule broken and the symbol to name in the message (a type, or one member of it).</summary>
internal readonly record struct Verdict(SandboxRule Rule, ISymbol Offender);
