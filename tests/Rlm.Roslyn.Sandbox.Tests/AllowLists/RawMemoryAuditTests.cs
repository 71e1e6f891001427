using Microsoft.CodeAnalysis;
using Rlm.Roslyn.Analysis;
using Rlm.Roslyn.Sandbox.Tests.Fakes;

namespace Rlm.Roslyn.Sandbox.Tests.AllowLists;

/// <summary>
/// Guards the raw-memory class (issue 13): walks every public type in the assemblies a snippet compiles against
/// that the default policy allows, and every member a snippet can reach on it, and asks the policy's own judge
/// about each member with a <see cref="RawMemoryShapes"/> shape. A new BCL version that adds such a member to an
/// allowed namespace fails this test, naming it, instead of silently reopening the hole.
/// </summary>
public sealed class RawMemoryAuditTests
{
    /// <summary>Members with a raw-memory shape that were read and found bounded, by their audit key.</summary>
    private static readonly Dictionary<string, string> Reviewed = new(StringComparer.Ordinal)
    {
        ["System.Array.Resize"] = "the reference is to an array variable; it is replaced by a new array of newSize",
        ["System.Nullable.GetValueRefOrDefaultRef"] = "a read-only reference to the value inside the nullable it is given, nothing further",
        ["System.ReadOnlySpan<T>.CastUp"] = "an upcast of a span of references (TDerived : class, T): the same objects, read-only",
    };

    [Fact]
    public void DefaultPolicy_RefusesEveryRawMemoryMemberOfAnAllowedType()
    {
        var judge = RestrictedApiPolicy.Default.Judge;
        var compilation = Submissions.Compile("1").Compilation;
        var open = new SortedSet<string>(StringComparer.Ordinal);
        var reviewedSeen = new HashSet<string>(StringComparer.Ordinal);
        var audited = 0;
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            foreach (var type in TriggerIndex.PublicTypes(assembly.GlobalNamespace).Where(t => judge.CheckType(t) is null))
            {
                foreach (var member in ReachableMembers(type))
                {
                    audited++;
                    if (RawMemoryShapes.Why(member) is not { } why || judge.CheckMember(member) is not null)
                    {
                        continue;
                    }

                    var key = $"{member.ContainingType.ToDisplayString()}.{member.MetadataName}";
                    if (Reviewed.ContainsKey(key))
                    {
                        reviewedSeen.Add(key);
                    }
                    else
                    {
                        open.Add($"{key}: {member.ToDisplayString()} ({why})");
                    }
                }
            }
        }

        audited.Should().BeGreaterThan(10_000, "the walk must actually see the BCL");
        reviewedSeen.Should().BeEquivalentTo(Reviewed.Keys, "a reviewed member that is gone or now refused should leave the list");
        open.Should().BeEmpty("members that can reach raw memory must be denied (deny RLM008 member ...) in AllowList.txt, or read and added to Reviewed with the reason they are bounded:\n{0}", string.Join('\n', open));
    }

    /// <summary>
    /// What a snippet can name on the type: its own and inherited members, public or protected (a snippet may
    /// derive from it), and for interfaces every inherited interface's members, static abstract ones included
    /// (reached through a constrained type parameter, <c>T.M()</c>). Explicit implementations are private in
    /// metadata and reachable only through their interface's member, which this walk meets on the interface.
    /// </summary>
    private static IEnumerable<ISymbol> ReachableMembers(INamedTypeSymbol type)
    {
        var types = new List<INamedTypeSymbol>();
        for (var t = type; t is not null; t = t.BaseType)
        {
            types.Add(t);
        }

        types.AddRange(type.AllInterfaces);
        return types
            .SelectMany(t => t.GetMembers())
            .Where(m => m is IMethodSymbol or IPropertySymbol or IFieldSymbol or IEventSymbol && IsReachable(m))
            .Distinct(SymbolEqualityComparer.Default);
    }

    private static bool IsReachable(ISymbol symbol) =>
        symbol.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal;
}
