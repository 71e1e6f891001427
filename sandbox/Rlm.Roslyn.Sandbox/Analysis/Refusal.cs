using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Rlm.Roslyn.AllowLists;

namespace Rlm.Roslyn.Analysis;

/// <summary>
/// One refused use found in a snippet, before duplicates are merged.
/// </summary>
/// <param name="Rule">The rule broken.</param>
/// <param name="Offender">The refused symbol (null for a language construct).</param>
/// <param name="Refused">What the message names: the symbol's display or the construct.</param>
/// <param name="Scope">The whole expression it belongs to (for example <c>File.ReadAllText</c> for the name <c>ReadAllText</c>), used to merge nested reports of one thing.</param>
/// <param name="Location">Where the diagnostic points: the name itself.</param>
/// <param name="Secondary">Found only through the type of an expression: dropped when a direct report of the same rule covers it.</param>
internal sealed record Refusal(SandboxRule Rule, ISymbol? Offender, string Refused, TextSpan Scope, Location Location, bool Secondary)
{
    public bool SameThingAs(Refusal other) =>
        Offender is null ? other.Offender is null && Refused == other.Refused : SymbolEqualityComparer.Default.Equals(Offender, other.Offender);

    /// <summary>
    /// Keeps one report per refused thing: when reports of the same rule nest, the same symbol is reported once at
    /// its innermost place (<c>File</c> rather than <c>File.ReadAllText</c>), and reports found only through an
    /// expression's type give way to a direct one.
    /// </summary>
    public static List<Refusal> Merge(List<Refusal> refusals)
    {
        refusals.Sort(static (a, b) => a.Scope.Start != b.Scope.Start ? a.Scope.Start.CompareTo(b.Scope.Start) : b.Scope.Length.CompareTo(a.Scope.Length));
        var kept = new List<Refusal>(refusals.Count);
        foreach (var refusal in refusals)
        {
            var containerIndex = -1;
            for (var i = kept.Count - 1; i >= 0; i--)
            {
                if (kept[i].Rule.Id == refusal.Rule.Id && kept[i].Scope.Contains(refusal.Scope))
                {
                    containerIndex = i;
                    break;
                }
            }

            if (containerIndex < 0)
            {
                kept.Add(refusal);
                continue;
            }

            var container = kept[containerIndex];
            if (container.SameThingAs(refusal) || (container.Secondary && !refusal.Secondary))
            {
                kept[containerIndex] = refusal;
            }
            else if (!refusal.Secondary && container.Location.SourceSpan != refusal.Location.SourceSpan)
            {
                kept.Add(refusal);
            }
        }

        kept.Sort(static (a, b) => a.Location.SourceSpan.Start.CompareTo(b.Location.SourceSpan.Start));
        return kept;
    }
}
