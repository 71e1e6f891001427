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
                    if (index.Names.Contains(token.ValueText))
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
                case SyntaxKind.NewKeyword when token.Parent is ObjectCreationExpressionSyntax creation && index.ConstructedTypes.Contains(RightmostName(creation.Type)):
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

    private static string RightmostName(TypeSyntax type) => type switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax aliased => aliased.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => string.Empty,
    };
}
