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

    // Top-level code reaches the globals instance directly (a field read); code inside a declared type or a
    // static member, local function or lambda cannot see the globals, so it uses the static, flow-local checkpoint.
    private static readonly StatementSyntax s_globalsCheckpoint = SyntaxFactory.ParseStatement($"{nameof(RlmGlobals.__RlmCheckpoint)}();");
    private static readonly StatementSyntax s_staticCheckpoint = SyntaxFactory.ParseStatement($"global::Rlm.Roslyn.{nameof(ScriptCheckpoint)}.{nameof(ScriptCheckpoint.Check)}();");

    /// <summary>Marks a rewritten expression-bodied lambda with its start in the original snippet.</summary>
    public const string LambdaAnnotationKind = "rlm-lambda";

    private static readonly ExpressionSyntax s_mayCatch = SyntaxFactory.ParseExpression($"global::Rlm.Roslyn.{nameof(ScriptCheckpoint)}.{nameof(ScriptCheckpoint.MayCatch)}()");
    private static readonly MemberDeclarationSyntax s_recordGuard = SyntaxFactory.ParseMemberDeclaration(
        $"private readonly global::Rlm.Roslyn.{nameof(ScriptCheckpoint)}.{nameof(ScriptCheckpoint.RecordGuard)} __rlmGuard;")!;

    private static readonly MemberDeclarationSyntax s_structHashCode = SyntaxFactory.ParseMemberDeclaration(
        $"public override int GetHashCode(){{global::Rlm.Roslyn.{nameof(ScriptCheckpoint)}.{nameof(ScriptCheckpoint.Check)}();return base.GetHashCode();}}")!;

    private static readonly MemberDeclarationSyntax s_structEquals = SyntaxFactory.ParseMemberDeclaration(
        $"public override bool Equals(object __rlmOther){{global::Rlm.Roslyn.{nameof(ScriptCheckpoint)}.{nameof(ScriptCheckpoint.Check)}();return base.Equals(__rlmOther);}}")!;

    // Field and property initializers (and a base constructor's arguments) run before any constructor body, so a class
    // whose initializer creates another instance of it would recurse without meeting the body's checkpoint.
    private static readonly MemberDeclarationSyntax s_initializerGuard = SyntaxFactory.ParseMemberDeclaration(
        $"private readonly bool __rlmInit = global::Rlm.Roslyn.{nameof(ScriptCheckpoint)}.{nameof(ScriptCheckpoint.Initializing)}();")!;

    private static readonly ExpressionSyntax s_initializing = SyntaxFactory.ParseExpression(
        $"global::Rlm.Roslyn.{nameof(ScriptCheckpoint)}.{nameof(ScriptCheckpoint.Initializing)}()");

    private static readonly ExpressionSyntax s_resuming = SyntaxFactory.ParseExpression($"global::Rlm.Roslyn.{nameof(ScriptCheckpoint)}.{nameof(ScriptCheckpoint.Resuming)}");

    private static readonly ExpressionSyntax s_lockable = SyntaxFactory.ParseExpression($"global::Rlm.Roslyn.{nameof(ScriptCheckpoint)}.{nameof(ScriptCheckpoint.Lockable)}");

    private static readonly StatementSyntax s_skipDispose = SyntaxFactory.ParseStatement(
        $"if(!global::Rlm.Roslyn.{nameof(ScriptCheckpoint)}.{nameof(ScriptCheckpoint.MayCatch)}())return;");

    private readonly IReadOnlyDictionary<int, LambdaForm> _lambdaForms;
    private int _noGlobalsDepth;

    private CheckpointInjector(IReadOnlyDictionary<int, LambdaForm>? lambdaForms)
    {
        _lambdaForms = lambdaForms ?? new Dictionary<int, LambdaForm>();
    }

    /// <summary>How an expression-bodied lambda gets its checkpoint: its body's type is not known before binding.</summary>
    public enum LambdaForm
    {
        /// <summary><c>x =&gt; { check(); return e; }</c>: the body is a value (the usual case).</summary>
        Return,

        /// <summary><c>x =&gt; { check(); e; }</c>: the body is void (an Action, or an async lambda returning Task).</summary>
        Statement,

        /// <summary>Left as written: neither block compiles (an expression tree, say).</summary>
        Unchanged,
    }

    /// <summary>Returns the rewritten tree and the spans (in the rewritten text) of everything inserted, in order.</summary>
    /// <param name="tree">The snippet as parsed.</param>
    /// <param name="lambdaForms">Forms for expression-bodied lambdas by their start in <paramref name="tree"/>; others get the form their body suggests.</param>
    public static (SyntaxTree Tree, TextSpan[] InjectedSpans) Rewrite(SyntaxTree tree, IReadOnlyDictionary<int, LambdaForm>? lambdaForms = null)
    {
        var root = new CheckpointInjector(lambdaForms).Visit(tree.GetRoot())!;
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

    /// <summary>Tracks whether the globals instance is in scope: not inside declared types, nor inside anything <c>static</c>.</summary>
    public override SyntaxNode? Visit(SyntaxNode? node)
    {
        var withoutGlobals = node switch
        {
            BaseTypeDeclarationSyntax => true,
            MemberDeclarationSyntax member => member.Modifiers.Any(SyntaxKind.StaticKeyword),
            LocalFunctionStatementSyntax function => function.Modifiers.Any(SyntaxKind.StaticKeyword),
            AnonymousFunctionExpressionSyntax function => function.Modifiers.Any(SyntaxKind.StaticKeyword),
            _ => false,
        };
        if (!withoutGlobals)
        {
            return base.Visit(node);
        }

        _noGlobalsDepth++;
        try
        {
            return base.Visit(node);
        }
        finally
        {
            _noGlobalsDepth--;
        }
    }

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
        var guarded = Guard(visited, ReturnsValue(visited.ReturnType, visited.Modifiers));
        var isDispose = visited.Identifier.ValueText == "Dispose" && visited.ParameterList.Parameters.Count == 0
            && visited.ReturnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword };

        // `using` calls Dispose while a limit unwinds the stack; one that threw again would start a cascade of
        // exceptions (see VisitFinallyClause), so once a limit has tripped Dispose returns at once instead.
        return isDispose && guarded.Body is { } body
            ? guarded.WithBody(body.WithStatements(body.Statements.Insert(0, s_skipDispose.WithAdditionalAnnotations(Injected))))
            : guarded;
    }

    public override SyntaxNode? VisitConstructorDeclaration(ConstructorDeclarationSyntax node) =>
        Guard((ConstructorDeclarationSyntax)base.VisitConstructorDeclaration(node)!, returnsValue: false);

    public override SyntaxNode? VisitClassDeclaration(ClassDeclarationSyntax node)
    {
        var visited = (ClassDeclarationSyntax)base.VisitClassDeclaration(node)!;
        return NeedsInitializerGuard(visited) ? visited.WithMembers(visited.Members.Insert(0, s_initializerGuard.WithAdditionalAnnotations(Injected))) : visited;
    }

    public override SyntaxNode? VisitConstructorInitializer(ConstructorInitializerSyntax node)
    {
        // `: this(new N())` runs before the constructor's body (and, for `this`, without the field initializers), so its
        // first argument that can call anything becomes `(Initializing()?arg:default)`: a checkpoint before it runs.
        var visited = (ConstructorInitializerSyntax)base.VisitConstructorInitializer(node)!;
        var arguments = visited.ArgumentList.Arguments;
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (argument.RefKindKeyword.IsKind(SyntaxKind.None) && CanCall(argument.Expression))
            {
                return visited.WithArgumentList(visited.ArgumentList.WithArguments(arguments.Replace(argument, argument.WithExpression(CheckedFirst(argument.Expression)))));
            }
        }

        return visited;
    }

    public override SyntaxNode? VisitMemberAccessExpression(MemberAccessExpressionSyntax node)
    {
        // `Console.WriteLine(x)` becomes `global::Rlm.Roslyn.Snippets.Console.WriteLine(x)`: the snippet's own console.
        // The prefix is inserted before the `Console` token (and its trivia), so positions still map back.
        var visited = (MemberAccessExpressionSyntax)base.VisitMemberAccessExpression(node)!;
        if (visited.Expression is not IdentifierNameSyntax { Identifier.ValueText: "Console" } console
            || visited.Name.Identifier.ValueText is not ("Write" or "WriteLine" or "Out" or "Error"))
        {
            return visited;
        }

        ExpressionSyntax prefix = SyntaxFactory.AliasQualifiedName(
            SyntaxFactory.IdentifierName(Injected_(SyntaxFactory.Token(SyntaxKind.GlobalKeyword))),
            Injected_(SyntaxFactory.Token(SyntaxKind.ColonColonToken)),
            SyntaxFactory.IdentifierName(Injected_(SyntaxFactory.Identifier("Rlm"))));
        foreach (var part in (string[])["Roslyn", "Snippets"])
        {
            prefix = SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression, prefix, Injected_(SyntaxFactory.Token(SyntaxKind.DotToken)), SyntaxFactory.IdentifierName(Injected_(SyntaxFactory.Identifier(part))));
        }

        var qualified = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, prefix, Injected_(SyntaxFactory.Token(SyntaxKind.DotToken)), console);
        return visited.WithExpression(qualified);
    }

    public override SyntaxNode? VisitAwaitExpression(AwaitExpressionSyntax node)
    {
        // `await e` becomes `await Resuming(e)`: a checkpoint once `e` is done, before the code after the await runs.
        var visited = (AwaitExpressionSyntax)base.VisitAwaitExpression(node)!;
        return visited.WithExpression(Wrapped(s_resuming, visited.Expression));
    }

    public override SyntaxNode? VisitLockStatement(LockStatementSyntax node)
    {
        // `lock (e)` becomes `lock (Lockable(e))`: a snippet may not hold a lock the host also takes (Console.Out).
        var visited = (LockStatementSyntax)base.VisitLockStatement(node)!;
        return visited.WithExpression(Wrapped(s_lockable, visited.Expression));
    }

    /// <summary><c>e</c> becomes <c>method(e)</c>; the call's name and parentheses are insertions, <c>e</c> keeps its text.</summary>
    private static InvocationExpressionSyntax Wrapped(ExpressionSyntax method, ExpressionSyntax expression) =>
        SyntaxFactory.InvocationExpression(
            method.WithAdditionalAnnotations(Injected),
            SyntaxFactory.ArgumentList(
                Injected_(SyntaxFactory.Token(SyntaxKind.OpenParenToken)),
                SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(expression)),
                Injected_(SyntaxFactory.Token(SyntaxKind.CloseParenToken))));

    public override SyntaxNode? VisitOperatorDeclaration(OperatorDeclarationSyntax node)
    {
        var visited = (OperatorDeclarationSyntax)base.VisitOperatorDeclaration(node)!;
        return Guard(visited, ReturnsValue(visited.ReturnType, default));
    }

    public override SyntaxNode? VisitConversionOperatorDeclaration(ConversionOperatorDeclarationSyntax node) =>
        Guard((ConversionOperatorDeclarationSyntax)base.VisitConversionOperatorDeclaration(node)!, returnsValue: true);

    public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
    {
        var visited = (LocalFunctionStatementSyntax)base.VisitLocalFunctionStatement(node)!;
        return visited.Body is not null ? visited.WithBody(PrependToBlock(visited.Body))
            : visited.ExpressionBody is null ? visited
            : visited.WithExpressionBody(null).WithSemicolonToken(default)
                .WithBody(BlockFor(visited.ExpressionBody, visited.SemicolonToken, ReturnsValue(visited.ReturnType, visited.Modifiers)));
    }

    public override SyntaxNode? VisitAccessorDeclaration(AccessorDeclarationSyntax node)
    {
        var visited = (AccessorDeclarationSyntax)base.VisitAccessorDeclaration(node)!;
        return visited.Body is not null ? visited.WithBody(PrependToBlock(visited.Body))
            : visited.ExpressionBody is null ? visited
            : visited.WithExpressionBody(null).WithSemicolonToken(default)
                .WithBody(BlockFor(visited.ExpressionBody, visited.SemicolonToken, visited.Keyword.IsKind(SyntaxKind.GetKeyword)));
    }

    public override SyntaxNode? VisitPropertyDeclaration(PropertyDeclarationSyntax node)
    {
        // `int P => expr;` becomes `int P { get { check(); return expr; } }`: a getter that calls itself would
        // otherwise overflow the stack without ever reaching a checkpoint.
        var visited = (PropertyDeclarationSyntax)base.VisitPropertyDeclaration(node)!;
        return visited.ExpressionBody is null ? visited
            : visited.WithExpressionBody(null).WithSemicolonToken(default).WithAccessorList(GetterFor(visited.ExpressionBody, visited.SemicolonToken));
    }

    public override SyntaxNode? VisitIndexerDeclaration(IndexerDeclarationSyntax node)
    {
        var visited = (IndexerDeclarationSyntax)base.VisitIndexerDeclaration(node)!;
        return visited.ExpressionBody is null ? visited
            : visited.WithExpressionBody(null).WithSemicolonToken(default).WithAccessorList(GetterFor(visited.ExpressionBody, visited.SemicolonToken));
    }

    public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node)
    {
        var visited = (ParenthesizedLambdaExpressionSyntax)base.VisitParenthesizedLambdaExpression(node)!;
        return visited.Block is not null ? visited.WithBlock(PrependToBlock(visited.Block)) : GuardExpressionLambda(node, visited);
    }

    public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node)
    {
        var visited = (SimpleLambdaExpressionSyntax)base.VisitSimpleLambdaExpression(node)!;
        return visited.Block is not null ? visited.WithBlock(PrependToBlock(visited.Block)) : GuardExpressionLambda(node, visited);
    }

    public override SyntaxNode? VisitCatchClause(CatchClauseSyntax node)
    {
        // `catch (E e) when (f)` becomes `catch (E e) when (MayCatch() && (f))`: once a limit has tripped no handler
        // of the snippet runs, so a catch cannot swallow the limit nor start a cascade of handlers on a deep stack.
        var visited = (CatchClauseSyntax)base.VisitCatchClause(node)!;
        var mayCatch = s_mayCatch.WithAdditionalAnnotations(Injected);
        if (visited.Filter is null)
        {
            // `catch {` becomes `catch when (MayCatch()) {`; every char of the filter, trivia included, is inserted.
            var filter = SyntaxFactory.CatchFilterClause(
                SyntaxFactory.Token(SyntaxFactory.TriviaList(SyntaxFactory.Space), SyntaxKind.WhenKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space)),
                SyntaxFactory.Token(SyntaxKind.OpenParenToken),
                s_mayCatch,
                SyntaxFactory.Token(SyntaxTriviaList.Empty, SyntaxKind.CloseParenToken, SyntaxFactory.TriviaList(SyntaxFactory.Space))).WithAdditionalAnnotations(Injected);
            return visited.WithFilter(filter);
        }

        var condition = SyntaxFactory.BinaryExpression(
            SyntaxKind.LogicalAndExpression,
            mayCatch,
            Injected_(SyntaxFactory.Token(SyntaxFactory.TriviaList(SyntaxFactory.Space), SyntaxKind.AmpersandAmpersandToken, SyntaxFactory.TriviaList(SyntaxFactory.Space))),
            SyntaxFactory.ParenthesizedExpression(
                Injected_(SyntaxFactory.Token(SyntaxKind.OpenParenToken)),
                visited.Filter.FilterExpression,
                Injected_(SyntaxFactory.Token(SyntaxKind.CloseParenToken))));
        return visited.WithFilter(visited.Filter.WithFilterExpression(condition));
    }

    public override SyntaxNode? VisitFinallyClause(FinallyClauseSyntax node)
    {
        // `finally { B }` becomes `finally { if (MayCatch()) { B } }`: once a limit has tripped, the snippet's own
        // finally blocks are skipped. Otherwise one that recurses again throws a new exception on every level, each
        // dispatched on top of the last, which is slow (every dispatch walks the whole stack) and can fill the stack.
        var visited = (FinallyClauseSyntax)base.VisitFinallyClause(node)!;
        var guarded = SyntaxFactory.IfStatement(
            Injected_(SyntaxFactory.Token(SyntaxTriviaList.Empty, SyntaxKind.IfKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space))),
            Injected_(SyntaxFactory.Token(SyntaxKind.OpenParenToken)),
            s_mayCatch.WithAdditionalAnnotations(Injected),
            Injected_(SyntaxFactory.Token(SyntaxTriviaList.Empty, SyntaxKind.CloseParenToken, SyntaxFactory.TriviaList(SyntaxFactory.Space))),
            visited.Block,
            null);
        return visited.WithBlock(SyntaxFactory.Block(
            Injected_(SyntaxFactory.Token(SyntaxKind.OpenBraceToken)),
            SyntaxFactory.SingletonList<StatementSyntax>(guarded),
            Injected_(SyntaxFactory.Token(SyntaxKind.CloseBraceToken))));
    }

    public override SyntaxNode? VisitStructDeclaration(StructDeclarationSyntax node)
    {
        // A boxed struct can hold itself (a field set through an interface), and the runtime's Equals and GetHashCode
        // for structs walk the fields with no code of the snippet on the way. Overrides that check, then defer to
        // those, put a checkpoint on every level without changing what they return.
        var visited = (StructDeclarationSyntax)base.VisitStructDeclaration(node)!;
        if (visited.Modifiers.Any(SyntaxKind.RefKeyword))
        {
            return visited;
        }

        var methods = visited.Members.OfType<MethodDeclarationSyntax>().ToList();
        var added = new List<MemberDeclarationSyntax>();
        if (!methods.Any(m => m.Identifier.ValueText == "GetHashCode" && m.ParameterList.Parameters.Count == 0))
        {
            added.Add(s_structHashCode.WithAdditionalAnnotations(Injected));
        }

        if (!methods.Any(m => m.Identifier.ValueText == "Equals" && m.ParameterList.Parameters.Count == 1))
        {
            added.Add(s_structEquals.WithAdditionalAnnotations(Injected));
        }

        return added.Count == 0 ? visited : visited.WithMembers(visited.Members.InsertRange(0, added));
    }

    public override SyntaxNode? VisitRecordDeclaration(RecordDeclarationSyntax node)
    {
        // The synthesized Equals and GetHashCode of a record reach its fields without any code of the snippet: a
        // record that contains itself would recurse until the stack overflows. A guard field, first in line, checks.
        var visited = (RecordDeclarationSyntax)base.VisitRecordDeclaration(node)!;
        var guards = new List<MemberDeclarationSyntax>(2);
        if (!visited.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) && NeedsInitializerGuard(visited))
        {
            guards.Add(s_initializerGuard.WithAdditionalAnnotations(Injected));
        }

        guards.Add(s_recordGuard.WithAdditionalAnnotations(Injected));
        if (visited.OpenBraceToken.IsKind(SyntaxKind.None))
        {
            // `record R(int X);` becomes `record R(int X){guard};` (a `;` may follow a type's body).
            return visited
                .WithOpenBraceToken(Injected_(SyntaxFactory.Token(SyntaxKind.OpenBraceToken)))
                .WithMembers(SyntaxFactory.List(guards))
                .WithCloseBraceToken(Injected_(SyntaxFactory.Token(SyntaxKind.CloseBraceToken)));
        }

        return visited.WithMembers(visited.Members.InsertRange(0, guards));
    }

    public override SyntaxNode? VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node)
    {
        var visited = (AnonymousMethodExpressionSyntax)base.VisitAnonymousMethodExpression(node)!;
        return visited.WithBlock(PrependToBlock(visited.Block));
    }

    /// <summary>
    /// Whether an instance of this class runs snippet expressions before its constructor's body: field, property or event
    /// initializers, or arguments to a base constructor (a primary constructor's base list or a <c>: base(...)</c>).
    /// </summary>
    private static bool NeedsInitializerGuard(TypeDeclarationSyntax type)
    {
        if (type.Modifiers.Any(SyntaxKind.StaticKeyword))
        {
            return false;
        }

        if (type.BaseList?.Types.OfType<PrimaryConstructorBaseTypeSyntax>().Any(b => b.ArgumentList.Arguments.Count > 0) == true)
        {
            return true;
        }

        foreach (var member in type.Members)
        {
            var found = member switch
            {
                BaseFieldDeclarationSyntax field => !field.Modifiers.Any(SyntaxKind.StaticKeyword) && !field.Modifiers.Any(SyntaxKind.ConstKeyword)
                    && field.Declaration.Variables.Any(v => v.Initializer is not null),
                PropertyDeclarationSyntax property => property.Initializer is not null && !property.Modifiers.Any(SyntaxKind.StaticKeyword),
                ConstructorDeclarationSyntax constructor => constructor.Initializer is { ArgumentList.Arguments.Count: > 0 } initializer
                    && initializer.ThisOrBaseKeyword.IsKind(SyntaxKind.BaseKeyword),
                _ => false,
            };
            if (found)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether evaluating an argument can run code (a call, a creation): literals, names and deferred lambdas cannot.</summary>
    private static bool CanCall(ExpressionSyntax expression) =>
        expression is not (LiteralExpressionSyntax or IdentifierNameSyntax or AnonymousFunctionExpressionSyntax)
        && expression.DescendantNodesAndSelf(n => n is not AnonymousFunctionExpressionSyntax)
            .Any(n => n is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax or ElementAccessExpressionSyntax or MemberAccessExpressionSyntax
                or BinaryExpressionSyntax or PrefixUnaryExpressionSyntax or CastExpressionSyntax or InterpolatedStringExpressionSyntax);

    /// <summary><c>e</c> becomes <c>(Initializing()?e:default)</c>: a checkpoint first, then the argument as written.</summary>
    private static ParenthesizedExpressionSyntax CheckedFirst(ExpressionSyntax expression) =>
        SyntaxFactory.ParenthesizedExpression(
            Injected_(SyntaxFactory.Token(SyntaxKind.OpenParenToken)),
            SyntaxFactory.ConditionalExpression(
                s_initializing.WithAdditionalAnnotations(Injected),
                Injected_(SyntaxFactory.Token(SyntaxKind.QuestionToken)),
                expression,
                Injected_(SyntaxFactory.Token(SyntaxKind.ColonToken)),
                SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression, Injected_(SyntaxFactory.Token(SyntaxKind.DefaultKeyword)))),
            Injected_(SyntaxFactory.Token(SyntaxKind.CloseParenToken)));

    /// <summary>The form an expression-bodied lambda gets unless told otherwise: what its body's syntax suggests.</summary>
    public static LambdaForm GuessForm(LambdaExpressionSyntax lambda)
    {
        var body = lambda.ExpressionBody!;
        if (body is ThrowExpressionSyntax)
        {
            return LambdaForm.Statement;
        }

        // Only invocations, assignments, increments, awaits and object creations can be void; any other body is a value.
        var couldBeVoid = body is InvocationExpressionSyntax or AssignmentExpressionSyntax or AwaitExpressionSyntax
            or BaseObjectCreationExpressionSyntax or PostfixUnaryExpressionSyntax or PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression };
        if (!couldBeVoid)
        {
            return LambdaForm.Return;
        }

        // Printing, and the few methods that take an Action, are void; a mistaken guess costs a second compile.
        var called = body is InvocationExpressionSyntax invocation ? LastName(invocation.Expression) : null;
        var takesAction = lambda.Parent is ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax outer }
            && LastName(outer.Expression) is "ForEach" or "Register";
        return called is "Print" or "Write" or "WriteLine" || takesAction || body is AssignmentExpressionSyntax || lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword) && body is AwaitExpressionSyntax
            ? LambdaForm.Statement
            : LambdaForm.Return;
    }

    private static string? LastName(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax name => name.Identifier.ValueText,
        GenericNameSyntax generic => generic.Identifier.ValueText,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        _ => null,
    };

    /// <summary>Turns <c>x =&gt; e</c> into a block with a checkpoint, in the form chosen for it.</summary>
    private LambdaExpressionSyntax GuardExpressionLambda(LambdaExpressionSyntax original, LambdaExpressionSyntax visited)
    {
        var form = _lambdaForms.TryGetValue(original.SpanStart, out var chosen) ? chosen : GuessForm(original);
        if (form == LambdaForm.Unchanged)
        {
            return visited;
        }

        var statement = BodyStatement(visited.ExpressionBody!, form == LambdaForm.Return);

        // The braces, the checkpoint, `return ` and the inner `;` are insertions; the body keeps its own text.
        var block = SyntaxFactory.Block(
            Injected_(SyntaxFactory.Token(SyntaxKind.OpenBraceToken)),
            SyntaxFactory.List([Checkpoint(), statement]),
            Injected_(SyntaxFactory.Token(SyntaxKind.CloseBraceToken)));
        return visited.WithExpressionBody(null).WithBlock(block)
            .WithAdditionalAnnotations(new SyntaxAnnotation(LambdaAnnotationKind, original.SpanStart.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    private StatementSyntax Checkpoint() =>
        (_noGlobalsDepth == 0 ? s_globalsCheckpoint : s_staticCheckpoint).WithAdditionalAnnotations(Injected);

    /// <summary>Whether an expression body of a member with this return type produces a value (so the block must return it).</summary>
    private static bool ReturnsValue(TypeSyntax returnType, SyntaxTokenList modifiers)
    {
        if (returnType is PredefinedTypeSyntax predefined && predefined.Keyword.IsKind(SyntaxKind.VoidKeyword))
        {
            return false;
        }

        // `async Task M() => ...` and `async ValueTask M() => ...` return nothing from their body.
        var name = returnType switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            QualifiedNameSyntax { Right: IdentifierNameSyntax right } => right.Identifier.ValueText,
            AliasQualifiedNameSyntax { Name: IdentifierNameSyntax aliased } => aliased.Identifier.ValueText,
            _ => null,
        };
        return !(modifiers.Any(SyntaxKind.AsyncKeyword) && name is "Task" or "ValueTask");
    }

    /// <summary>
    /// Turns <c>=&gt; expr;</c> into <c>{ check(); return expr;}</c>. The arrow becomes <c>{</c> plus a space and
    /// the member's <c>;</c> becomes <c>}</c>, so those keep their width; only the checkpoint, <c>return </c> and
    /// the inner <c>;</c> are insertions (annotated), and positions still map back exactly.
    /// </summary>
    private BlockSyntax BlockFor(ArrowExpressionClauseSyntax body, SyntaxToken memberSemicolon, bool returnsValue)
    {
        var (open, close) = Braces(body.ArrowToken, memberSemicolon);
        return SyntaxFactory.Block(open, SyntaxFactory.List([Checkpoint(), BodyStatement(body.Expression, returnsValue)]), close);
    }

    /// <summary>Turns a property's <c>=&gt; expr;</c> into <c>{ get{ check(); return expr;}}</c>, keeping widths as <see cref="BlockFor"/> does.</summary>
    private AccessorListSyntax GetterFor(ArrowExpressionClauseSyntax body, SyntaxToken memberSemicolon)
    {
        var (open, close) = Braces(body.ArrowToken, memberSemicolon);
        var getter = SyntaxFactory.AccessorDeclaration(SyntaxKind.GetAccessorDeclaration)
            .WithKeyword(Injected_(SyntaxFactory.Token(SyntaxKind.GetKeyword)))
            .WithBody(SyntaxFactory.Block(
                Injected_(SyntaxFactory.Token(SyntaxKind.OpenBraceToken)),
                SyntaxFactory.List([Checkpoint(), BodyStatement(body.Expression, returnsValue: true)]),
                Injected_(SyntaxFactory.Token(SyntaxKind.CloseBraceToken))));
        return SyntaxFactory.AccessorList(open, SyntaxFactory.SingletonList(getter), close);
    }

    private static (SyntaxToken Open, SyntaxToken Close) Braces(SyntaxToken arrow, SyntaxToken semicolon) =>
        (SyntaxFactory.Token(arrow.LeadingTrivia, SyntaxKind.OpenBraceToken, arrow.TrailingTrivia.Insert(0, SyntaxFactory.Space)),
         SyntaxFactory.Token(semicolon.LeadingTrivia, SyntaxKind.CloseBraceToken, semicolon.TrailingTrivia));

    /// <summary>The statement an expression body becomes: <c>return e;</c>, <c>e;</c>, or <c>throw x;</c> for <c>=&gt; throw x</c>.</summary>
    private static StatementSyntax BodyStatement(ExpressionSyntax expression, bool returnsValue) =>
        expression is ThrowExpressionSyntax thrown
        ? SyntaxFactory.ThrowStatement(
            thrown.ThrowKeyword,
            thrown.Expression,
            Injected_(SyntaxFactory.Token(SyntaxTriviaList.Empty, SyntaxKind.SemicolonToken, SyntaxTriviaList.Empty)))
        : returnsValue
        ? SyntaxFactory.ReturnStatement(
            Injected_(SyntaxFactory.Token(SyntaxTriviaList.Empty, SyntaxKind.ReturnKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space))),
            expression,
            Injected_(SyntaxFactory.Token(SyntaxTriviaList.Empty, SyntaxKind.SemicolonToken, SyntaxTriviaList.Empty)))
        : SyntaxFactory.ExpressionStatement(expression, Injected_(SyntaxFactory.Token(SyntaxTriviaList.Empty, SyntaxKind.SemicolonToken, SyntaxTriviaList.Empty)));

    private static SyntaxToken Injected_(SyntaxToken token) => token.WithAdditionalAnnotations(Injected);

    /// <summary>Puts a checkpoint first in a method, constructor or operator body, turning an expression body into a block.</summary>
    private BaseMethodDeclarationSyntax Guard(BaseMethodDeclarationSyntax member, bool returnsValue) =>
        member.Body is not null ? member.WithBody(PrependToBlock(member.Body))
        : member.ExpressionBody is null ? member
        : member.WithExpressionBody(null).WithSemicolonToken(default).WithBody(BlockFor(member.ExpressionBody, member.SemicolonToken, returnsValue));

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
