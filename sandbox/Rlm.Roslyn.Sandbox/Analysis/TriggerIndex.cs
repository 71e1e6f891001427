using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Rlm.Roslyn.Analysis;

/// <summary>
/// The names through which a snippet can reach anything the allow-list refuses, computed once per set of
/// referenced assemblies by judging every public type and member in them. A refused symbol can only be reached
/// through a name written in the snippet: a refused type's name, a refused member of an allowed type, or an
/// allowed member whose value (return type, out parameter, delegate parameter) has a refused type. So a snippet
/// that writes none of these names, and none of the constructs <see cref="TriggerScan"/> looks for, needs no
/// semantic analysis at all: that is the fast path, and it gives the same answer as the full walk.
/// </summary>
internal sealed class TriggerIndex
{
    private static readonly HashSet<string> ImplicitlyCalled = new(StringComparer.Ordinal)
    {
        "GetEnumerator", "GetAsyncEnumerator", "MoveNext", "MoveNextAsync", "Current", "Dispose", "DisposeAsync",
        "GetAwaiter", "IsCompleted", "GetResult", "Deconstruct", "Add", "Slice", "Length", "Count", "GetPinnableReference",
        "AppendLiteral", "AppendFormatted",
    };

    /// <summary>What query syntax calls by name without the snippet writing it.</summary>
    private static readonly string[] QueryMethods =
        ["Select", "Where", "SelectMany", "Join", "GroupJoin", "OrderBy", "OrderByDescending", "ThenBy", "ThenByDescending", "GroupBy", "Cast"];

    private TriggerIndex(Dictionary<string, string> reasons, Dictionary<string, int> callTriggers, Dictionary<string, int> constructedTypes, string? disabledBy)
    {
        Reasons = reasons;
        Names = [.. reasons.Keys];
        QuerySyntaxTriggers = QueryMethods.Any(Names.Contains);
        CallTriggers = callTriggers;
        ConstructedTypes = constructedTypes;
        DisabledBy = disabledBy;
    }

    /// <summary>Identifiers that send a snippet to the full analysis.</summary>
    public HashSet<string> Names { get; }

    /// <summary>For each name, the first symbol that made it a trigger (to explain why a snippet took the full analysis).</summary>
    public IReadOnlyDictionary<string, string> Reasons { get; }

    /// <summary>True when a method query syntax calls implicitly is a trigger: then any query expression is one.</summary>
    public bool QuerySyntaxTriggers { get; }

    /// <summary>
    /// Names of static methods whose refused overloads take more arguments than the allowed ones of the same type
    /// (<c>Regex.IsMatch(input, pattern, options, matchTimeout)</c>), with the fewest arguments a refused overload
    /// takes: a call writing fewer cannot reach one, anything else (more arguments, a method group) is a trigger.
    /// </summary>
    public Dictionary<string, int> CallTriggers { get; }

    /// <summary>
    /// Names of allowed types with a refused constructor, with the fewest arguments one takes: <c>new Task(...)</c>
    /// sends a snippet to the full analysis, <c>new Regex(pattern, options)</c> does not.
    /// </summary>
    public Dictionary<string, int> ConstructedTypes { get; }

    /// <summary>
    /// Why the fast path cannot be trusted with this allow-list (an allowed type with a refused member the compiler
    /// may call without naming it, such as an indexer or GetEnumerator), or null when it can.
    /// </summary>
    public string? DisabledBy { get; }

    public static TriggerIndex Build(Compilation compilation, SymbolJudge judge, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal) { ["dynamic"] = "dynamic" };
        foreach (var handler in PooledHandlers.TypeNames)
        {
            // Refused where the snippet names it; the compiler's own uses (interpolated strings) need no trigger.
            names.TryAdd(handler, "explicit use of " + handler);
        }

        var calls = new Dictionary<string, int>(StringComparer.Ordinal);
        var constructed = new Dictionary<string, int>(StringComparer.Ordinal);
        var allowedMemberNames = new HashSet<string>(StringComparer.Ordinal);
        var refusedStatics = new List<(INamedTypeSymbol Type, ISymbol Member)>();
        var allowedTypes = new List<INamedTypeSymbol>();
        string? disabledBy = null;

        // A type outside the imported namespaces can only be named with its namespace written out (qualified, or in
        // a using directive, an alias or a using static), so the namespace's last part is trigger enough for it
        // and for its extension methods. Types in imported namespaces are named bare.
        var imported = new HashSet<string>(((compilation.Options as CSharpCompilationOptions)?.Usings ?? []).Append(string.Empty), StringComparer.Ordinal);
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            foreach (var type in PublicTypes(assembly.GlobalNamespace))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (judge.CheckType(type) is not null)
                {
                    var ns = OutermostType(type).ContainingNamespace;
                    var nsName = ns is null || ns.IsGlobalNamespace ? string.Empty : ns.ToDisplayString();
                    if (!imported.Contains(nsName))
                    {
                        names.TryAdd(ns!.Name, nsName);
                        continue;
                    }

                    names.TryAdd(type.Name, type.ToDisplayString());
                    if (type.Name.EndsWith("Attribute", StringComparison.Ordinal))
                    {
                        names.TryAdd(type.Name[..^"Attribute".Length], type.ToDisplayString());
                    }

                    if (type.MightContainExtensionMethods)
                    {
                        // Extension methods are called by their own name on a receiver, which only needs no trigger
                        // when its type is allowed (or generic).
                        foreach (var method in type.GetMembers().OfType<IMethodSymbol>().Where(m => m.IsExtensionMethod && m.Parameters.Length > 0))
                        {
                            if (method.Parameters[0].Type is ITypeParameterSymbol || judge.CheckType(method.Parameters[0].Type) is null)
                            {
                                names.TryAdd(method.Name, method.ToDisplayString());
                            }
                        }
                    }

                    continue;
                }

                allowedTypes.Add(type);
                foreach (var member in VisibleMembers(type))
                {
                    if (SymbolJudge.HasPointerSignature(member))
                    {
                        // Refused, but only unsafe code can use it, which does not compile: its name (GetBytes,
                        // Append, a string constructor, nint's conversions) needs no trigger.
                        continue;
                    }

                    if (judge.CheckMember(member) is not null)
                    {
                        if (member is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor && !IsInterpolatedStringHandler(type))
                        {
                            AddFewest(constructed, type.Name, FewestArguments(constructor));
                        }
                        else if (IsImplicitlyCalled(member) || member is IMethodSymbol { MethodKind: MethodKind.Constructor })
                        {
                            disabledBy ??= member.ToDisplayString();
                        }
                        else if (member.IsStatic && !type.MightContainExtensionMethods)
                        {
                            refusedStatics.Add((type, member));
                        }
                        else
                        {
                            names.TryAdd(member.Name, member.ToDisplayString());
                        }
                    }
                    else
                    {
                        allowedMemberNames.Add(member.Name);
                        if (IsImplicitlyCalled(member) && GivesARefusedValue(member, judge))
                        {
                            // The compiler may call it without the snippet naming it (foreach, await, deconstruction...).
                            disabledBy ??= member.ToDisplayString();
                        }
                        else if (GivesARefusedValue(member, judge))
                        {
                            names.TryAdd(member.Name, member.ToDisplayString());
                        }
                    }
                }
            }
        }

        // A refused static member can only be reached through its type's name (or a derived type's): use that
        // when the member's own name is common among allowed members (Console.Clear versus List.Clear), unless
        // every refused overload needs more arguments than any allowed one of the type (the regex timeouts): then
        // calls with fewer arguments are clear.
        foreach (var (type, member) in refusedStatics)
        {
            if (!allowedMemberNames.Contains(member.Name))
            {
                names.TryAdd(member.Name, type.ToDisplayString() + "." + member.Name);
                continue;
            }

            if (member is IMethodSymbol method && FewestArguments(method) is var fewest && fewest > MostArguments(type, member.Name, judge))
            {
                AddFewest(calls, member.Name, fewest);
                continue;
            }

            names.TryAdd(type.Name, type.ToDisplayString() + "." + member.Name);
            foreach (var derived in allowedTypes.Where(t => DerivesFrom(t, type)))
            {
                names.TryAdd(derived.Name, type.ToDisplayString() + "." + member.Name);
            }
        }

        return new TriggerIndex(names, calls, constructed, disabledBy);
    }

    private static void AddFewest(Dictionary<string, int> triggers, string name, int arguments) =>
        triggers[name] = triggers.TryGetValue(name, out var known) ? Math.Min(known, arguments) : arguments;

    /// <summary>The fewest arguments a call can write: required parameters only (not optional, not params).</summary>
    private static int FewestArguments(IMethodSymbol method) => method.Parameters.Count(p => !p.IsOptional && !p.IsParams);

    /// <summary>The most arguments a call to an allowed member of this name on the type can write (params: any).</summary>
    private static int MostArguments(INamedTypeSymbol type, string name, SymbolJudge judge)
    {
        var most = 0;
        foreach (var member in VisibleMembers(type))
        {
            if (member.Name != name || judge.CheckMember(member) is not null)
            {
                continue;
            }

            if (member is not IMethodSymbol method || method.Parameters.Any(p => p.IsParams))
            {
                return int.MaxValue;
            }

            most = Math.Max(most, method.Parameters.Length);
        }

        return most;
    }

    private static bool IsInterpolatedStringHandler(INamedTypeSymbol type) =>
        type.GetAttributes().Any(a => a.AttributeClass?.Name == "InterpolatedStringHandlerAttribute");

    // The compiler calls instance members and extension methods by these names, never a plain static method
    // (Regex.Count(input, pattern, options, matchTimeout) is not the Count of a list pattern).
    private static bool IsImplicitlyCalled(ISymbol member) =>
        member is IPropertySymbol { IsIndexer: true }
        || member is IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator or MethodKind.Conversion }
        || (ImplicitlyCalled.Contains(member.Name) && !(member is IMethodSymbol { IsStatic: true, IsExtensionMethod: false, ContainingType.MightContainExtensionMethods: false }));

    /// <summary>True when using the member hands the snippet a value of a refused type without naming it.</summary>
    private static bool GivesARefusedValue(ISymbol member, SymbolJudge judge)
    {
        switch (member)
        {
            case IMethodSymbol method:
                return Refused(method.ReturnType, judge) || method.Parameters.Any(p => ParameterGivesARefusedValue(p, judge));
            case IPropertySymbol property:
                return Refused(property.Type, judge) || property.Parameters.Any(p => ParameterGivesARefusedValue(p, judge));
            case IFieldSymbol field:
                return Refused(field.Type, judge);
            case IEventSymbol @event:
                return Refused(@event.Type, judge);
            default:
                return false;
        }
    }

    // Out and ref arguments come back typed; a lambda passed for a delegate parameter gets its parameter types
    // from it. Any other refused parameter type needs a value the snippet had to obtain by name (or by a
    // target-typed new or default, which the scan refuses to trust).
    private static bool ParameterGivesARefusedValue(IParameterSymbol parameter, SymbolJudge judge) =>
        (parameter.RefKind != RefKind.None || parameter.Type.TypeKind == TypeKind.Delegate) && Refused(parameter.Type, judge);

    // Pointers need unsafe code, which does not compile: they hand out nothing.
    private static bool Refused(ITypeSymbol type, SymbolJudge judge) =>
        type is not (IPointerTypeSymbol or IFunctionPointerTypeSymbol) && judge.CheckType(type) is not null;

    private static INamedTypeSymbol OutermostType(INamedTypeSymbol type)
    {
        while (type.ContainingType is { } containing)
        {
            type = containing;
        }

        return type;
    }

    private static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol baseType)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every public type under <paramref name="ns"/>, with the nested types a snippet can name (public or protected).</summary>
    internal static IEnumerable<INamedTypeSymbol> PublicTypes(INamespaceSymbol ns)
    {
        foreach (var member in ns.GetMembers())
        {
            if (member is INamespaceSymbol child)
            {
                foreach (var type in PublicTypes(child))
                {
                    yield return type;
                }
            }
            else if (member is INamedTypeSymbol { DeclaredAccessibility: Accessibility.Public } type)
            {
                foreach (var nested in WithNested(type))
                {
                    yield return nested;
                }
            }
        }
    }

    private static IEnumerable<INamedTypeSymbol> WithNested(INamedTypeSymbol type)
    {
        yield return type;
        foreach (var nested in type.GetTypeMembers())
        {
            if (nested.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal)
            {
                foreach (var inner in WithNested(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>Members a snippet can name on the type: its own and inherited ones, public or protected.</summary>
    private static IEnumerable<ISymbol> VisibleMembers(INamedTypeSymbol type)
    {
        var types = new List<INamedTypeSymbol>();
        for (var t = type; t is not null; t = t.BaseType)
        {
            types.Add(t);
        }

        if (type.TypeKind == TypeKind.Interface)
        {
            types.AddRange(type.AllInterfaces);
        }

        foreach (var t in types)
        {
            foreach (var member in t.GetMembers())
            {
                if (member is IMethodSymbol or IPropertySymbol or IFieldSymbol or IEventSymbol
                    && member.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal
                    && !(member is IMethodSymbol { MethodKind: MethodKind.PropertyGet or MethodKind.PropertySet or MethodKind.EventAdd or MethodKind.EventRemove or MethodKind.StaticConstructor or MethodKind.Destructor }))
                {
                    yield return member;
                }
            }
        }
    }
}
