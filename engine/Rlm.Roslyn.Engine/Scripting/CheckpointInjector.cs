using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Rlm.Roslyn;

/// <summary>
/// Rewrites a snippet so that every loop body and every method, local function and lambda block starts with
/// a checkpoint that throws once the snippet's deadline or cancellation has passed. Inserted text never adds
/// a line break, and the injected spans that <see cref="Rewrite"/> returns let positions in the rewritten text map back to the snippet.
/// </summary>
internal sealed class CheckpointInjector : CSharpSyntaxRewriter
{
    /// <summary>Marks every node and token the injector adds.</summary>
    public static readonly SyntaxAnnotation Injected = new("rlm-checkpoint");

    // Top-level code reaches the globals instance directly (a field read); code inside a declared type cannot
    // see the globals, so it goes through the static, flow-local checkpoint.
    private static readonly StatementSyntax s_globalsCheckpoint = SyntaxFactory.ParseStatement($"{nameof(RlmGlobals.__RlmCheckpoint)}();");
    private static readonly StatementSyntax s_staticCheckpoint = SyntaxFactory.ParseStatement($"global::Rlm.Roslyn.{nameof(ScriptCheckpoint)}.{nameof(ScriptCheckpoint.Check)}();");

    private int _typeDepth;

    private CheckpointInjector()
    {
    }

    /// <summary>Returns the rewritten tree and the spans (in the rewritten text) of everything inserted, in order.</summary>
    public static (SyntaxTree Tree, TextSpan[] InjectedSpans) Rewrite(SyntaxTree tree)
    {
        var root = new CheckpointInjector().Visit(tree.GetRoot());
        var rewritten = tree.WithRootAndOptions(root, tree.Options);
        var spans = rewritten.GetRoot()
            .GetAnnotatedNodesAndTokens(Injected)
            .Select(n => n.FullSpan)
            .Where(s => s.Length > 0)
            .OrderBy(s => s.Start)
            .ToArray();
        return (rewritten, spans);
    }

    /// <summary>Maps a position in the rewritten text back to the original snippet.</summary>
    public static int MapToOriginal(int position, ReadOnlySpan<TextSpan> injectedSpans)
    {
        var shift = 0;
        foreach (var span in injectedSpans)
        {
            if (span.Start >= position)
            {
                break;
            }

            shift += Math.Min(span.End, position) - span.Start;
        }

        return position - shift;
    }

    public override SyntaxNode? VisitClassDeclaration(ClassDeclarationSyntax node) => InType(() => base.VisitClassDeclaration(node));

    public override SyntaxNode? VisitStructDeclaration(StructDeclarationSyntax node) => InType(() => base.VisitStructDeclaration(node));

    public override SyntaxNode? VisitRecordDeclaration(RecordDeclarationSyntax node) => InType(() => base.VisitRecordDeclaration(node));

    public override SyntaxNode? VisitInterfaceDeclaration(InterfaceDeclarationSyntax node) => InType(() => base.VisitInterfaceDeclaration(node));

    public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node)
    {
        var visited = (WhileStatementSyntax)base.VisitWhileStatement(node)!;
        return visited.WithStatement(Prepend(visited.Statement));
    }

    public override SyntaxNode? VisitDoStatement(DoStatementSyntax node)
    {
        var visited = (DoStatementSyntax)base.VisitDoStatement(node)!;
        return visited.WithStatement(Prepend(visited.Statement));
    }

    public override SyntaxNode? VisitForStatement(ForStatementSyntax node)
    {
        var visited = (ForStatementSyntax)base.VisitForStatement(node)!;
        return visited.WithStatement(Prepend(visited.Statement));
    }

    public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node)
    {
        var visited = (ForEachStatementSyntax)base.VisitForEachStatement(node)!;
        return visited.WithStatement(Prepend(visited.Statement));
    }

    public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node)
    {
        var visited = (ForEachVariableStatementSyntax)base.VisitForEachVariableStatement(node)!;
        return visited.WithStatement(Prepend(visited.Statement));
    }

    public override SyntaxNode? VisitMethodDeclaration(MethodDeclarationSyntax node)
    {
        var visited = (MethodDeclarationSyntax)base.VisitMethodDeclaration(node)!;
        return visited.Body is null ? visited : visited.WithBody(PrependToBlock(visited.Body));
    }

    public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
    {
        var visited = (LocalFunctionStatementSyntax)base.VisitLocalFunctionStatement(node)!;
        return visited.Body is null ? visited : visited.WithBody(PrependToBlock(visited.Body));
    }

    public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node)
    {
        var visited = (ParenthesizedLambdaExpressionSyntax)base.VisitParenthesizedLambdaExpression(node)!;
        return visited.Block is null ? visited : visited.WithBlock(PrependToBlock(visited.Block));
    }

    public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node)
    {
        var visited = (SimpleLambdaExpressionSyntax)base.VisitSimpleLambdaExpression(node)!;
        return visited.Block is null ? visited : visited.WithBlock(PrependToBlock(visited.Block));
    }

    public override SyntaxNode? VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node)
    {
        var visited = (AnonymousMethodExpressionSyntax)base.VisitAnonymousMethodExpression(node)!;
        return visited.WithBlock(PrependToBlock(visited.Block));
    }

    private SyntaxNode? InType(Func<SyntaxNode?> visit)
    {
        _typeDepth++;
        try
        {
            return visit();
        }
        finally
        {
            _typeDepth--;
        }
    }

    private StatementSyntax Checkpoint() =>
        (_typeDepth == 0 ? s_globalsCheckpoint : s_staticCheckpoint).WithAdditionalAnnotations(Injected);

    private BlockSyntax PrependToBlock(BlockSyntax block) => block.WithStatements(block.Statements.Insert(0, Checkpoint()));

    private BlockSyntax Prepend(StatementSyntax body)
    {
        if (body is BlockSyntax block)
        {
            return PrependToBlock(block);
        }

        // Wrap a single statement in braces; the braces carry no trivia, so no line break is added.
        var open = SyntaxFactory.Token(SyntaxTriviaList.Empty, SyntaxKind.OpenBraceToken, SyntaxTriviaList.Empty).WithAdditionalAnnotations(Injected);
        var close = SyntaxFactory.Token(SyntaxTriviaList.Empty, SyntaxKind.CloseBraceToken, SyntaxTriviaList.Empty).WithAdditionalAnnotations(Injected);
        return SyntaxFactory.Block(open, SyntaxFactory.List([Checkpoint(), body]), close);
    }
}
