using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Rlm.Roslyn.Analysis;

/// <summary>
/// The fast path's syntax-only look at a snippet: true when it writes no name from the <see cref="TriggerIndex"/>
/// and none of the constructs the analyzer refuses or cannot judge without binding (stackalloc, goto, extern,
/// unsafe, fixed, finalizers, undocumented keywords, async lambdas and async void, target-typed new and default,
/// calls to a base constructor, and query syntax when a query method is a trigger).
/// </summary>
internal static class TriggerScan
{
    public static bool IsClear(SyntaxNode root, TriggerIndex index)
    {
        foreach (var token in root.DescendantTokens())
        {
            switch ((SyntaxKind)token.RawKind)
            {
                case SyntaxKind.IdentifierToken:
                    if (index.Names.Contains(token.ValueText)
                        || (index.CallTriggers.TryGetValue(token.ValueText, out var fewest) && !CannotBeARefusedOverload(token, fewest)))
                    {
                        return false;
                    }

                    break;
                case SyntaxKind.AsteriskToken when token.Parent is PointerTypeSyntax:
                    return false;
                case SyntaxKind.StackAllocKeyword or SyntaxKind.GotoKeyword or SyntaxKind.ExternKeyword or SyntaxKind.UnsafeKeyword
                    or SyntaxKind.FixedKeyword or SyntaxKind.ArgListKeyword or SyntaxKind.MakeRefKeyword or SyntaxKind.RefTypeKeyword
                    or SyntaxKind.RefValueKeyword:
                    return false;
                case SyntaxKind.TildeToken when token.Parent is DestructorDeclarationSyntax:
                    return false;
                case SyntaxKind.AsyncKeyword when token.Parent is not (MethodDeclarationSyntax { ReturnType: not PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword } }
                    or LocalFunctionStatementSyntax { ReturnType: not PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword } }):
                    // Whether an async lambda returns void depends on the delegate it converts to.
                    return false;
                case SyntaxKind.DefaultKeyword when token.Parent is LiteralExpressionSyntax:
                    return false;
                case SyntaxKind.NewKeyword when token.Parent is ImplicitObjectCreationExpressionSyntax:
                    return false;
                case SyntaxKind.NewKeyword when token.Parent is ObjectCreationExpressionSyntax creation
                    && index.ConstructedTypes.TryGetValue(RightmostName(creation.Type), out var fewestToConstruct)
                    && (creation.ArgumentList?.Arguments.Count ?? 0) >= fewestToConstruct:
                    return false;
                case SyntaxKind.BaseKeyword when token.Parent is ConstructorInitializerSyntax:
                    // A snippet type calling a library base constructor (class T : Task { T() : base(...) { } }).
                    return false;
                case SyntaxKind.OpenParenToken when token.Parent is ArgumentListSyntax { Parent: PrimaryConstructorBaseTypeSyntax }:
                    return false;
                case SyntaxKind.DelegateKeyword when token.Parent is FunctionPointerTypeSyntax:
                    return false;
                case SyntaxKind.FromKeyword when token.Parent is FromClauseSyntax && index.QuerySyntaxTriggers:
                    return false;
            }
        }

        return true;
    }

    /// <summary>
    /// True when the name, one of <see cref="TriggerIndex.CallTriggers"/>, cannot be a refused static overload there:
    /// a declaration, a type, an instance access (<c>x?.Count</c>), something with members of its own (a method group
    /// has none: <c>m.Count.ToString()</c>), or a call written with fewer arguments than any refused overload takes.
    /// </summary>
    private static bool CannotBeARefusedOverload(SyntaxToken token, int fewest)
    {
        if (token.Parent is not SimpleNameSyntax name)
        {
            return true;
        }

        SyntaxNode type = name;
        while (type.Parent is QualifiedNameSyntax qualified && qualified.Right == type)
        {
            type = qualified;
        }

        if (type is ExpressionSyntax typeSyntax && SyntaxFacts.IsInTypeOnlyContext(typeSyntax))
        {
            return true;
        }

        if (name.Parent is MemberBindingExpressionSyntax)
        {
            return true;
        }

        ExpressionSyntax callee = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
        return callee.Parent switch
        {
            InvocationExpressionSyntax call when call.Expression == callee => call.ArgumentList.Arguments.Count < fewest,
            MemberAccessExpressionSyntax outer when outer.Expression == callee => true,
            ElementAccessExpressionSyntax element when element.Expression == callee => true,
            ConditionalAccessExpressionSyntax conditional when conditional.Expression == callee => true,
            _ => false,
        };
    }

    private static string RightmostName(TypeSyntax type) => type switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax aliased => aliased.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => string.Empty,
    };
}
