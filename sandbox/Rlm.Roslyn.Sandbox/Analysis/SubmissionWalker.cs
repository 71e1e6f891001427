using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using Rlm.Roslyn.AllowLists;

namespace Rlm.Roslyn.Analysis;

/// <summary>
/// Walks one submission twice over: every syntax node that names a type or a member (declarations, casts,
/// patterns, typeof, type arguments, base lists, attributes, usings and aliases), and every operation of every
/// member and statement (calls, method groups, object creation, property, field and event access, user-defined
/// operators and conversions, and the implicit calls of foreach, await, deconstruction, collection initializers,
/// LINQ queries and interpolated strings). Each symbol met is judged; language constructs with no symbol
/// (stackalloc, finalizers, extern, <c>__makeref</c>, goto, async void...) are refused by kind.
/// </summary>
internal sealed class SubmissionWalker
{
    private readonly SemanticModel _model;
    private readonly SymbolJudge _judge;
    private readonly CancellationToken _cancellationToken;
    private readonly List<Refusal> _refusals = [];

    private SubmissionWalker(SemanticModel model, SymbolJudge judge, CancellationToken cancellationToken)
    {
        _model = model;
        _judge = judge;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Returns every refused use in <paramref name="tree"/>, one per refused thing, in source order.</summary>
    public static List<Refusal> Walk(Compilation compilation, SyntaxTree tree, SymbolJudge judge, CancellationToken cancellationToken)
    {
        var walker = new SubmissionWalker(compilation.GetSemanticModel(tree), judge, cancellationToken);
        walker.Visit(tree.GetRoot(cancellationToken), insideOperation: false);
        return Refusal.Merge(walker._refusals);
    }

    private AllowList List => _judge.List;

    private void Visit(SyntaxNode node, bool insideOperation)
    {
        if (node is InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } } && _model.GetOperation(node, _cancellationToken) is INameOfOperation)
        {
            // nameof only produces a string: naming anything in it is harmless.
            return;
        }

        if (!insideOperation && _model.GetOperation(node, _cancellationToken) is { } operation)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            VisitOperation(operation);
            insideOperation = true;
        }

        CheckSyntax(node);
        foreach (var child in node.ChildNodes())
        {
            Visit(child, insideOperation);
        }
    }

    private void CheckSyntax(SyntaxNode node)
    {
        switch (node)
        {
            case IdentifierNameSyntax { IsVar: true }:
                // The inferred type is checked through the initializer's operation.
                break;
            case SimpleNameSyntax name:
                CheckName(name);
                break;
            case StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax:
                RefuseConstruct(RuleIds.Unsafe, "stackalloc", node);
                break;
            case PointerTypeSyntax or FunctionPointerTypeSyntax or UnsafeStatementSyntax or FixedStatementSyntax:
                RefuseConstruct(RuleIds.Unsafe, node is UnsafeStatementSyntax ? "unsafe" : node is FixedStatementSyntax ? "fixed" : "pointer type " + node, node);
                break;
            case DestructorDeclarationSyntax destructor:
                RefuseConstruct(RuleIds.Finalizer, "~" + destructor.Identifier.ValueText + "()", destructor.TildeToken, destructor.Span);
                break;
            case MakeRefExpressionSyntax or RefTypeExpressionSyntax or RefValueExpressionSyntax:
                RefuseConstruct(RuleIds.UndocumentedKeyword, node.GetFirstToken().ValueText, node);
                break;
            case ExpressionSyntax when node.IsKind(SyntaxKind.ArgListExpression):
                RefuseConstruct(RuleIds.UndocumentedKeyword, "__arglist", node);
                break;
            case ParameterSyntax parameter when parameter.Identifier.IsKind(SyntaxKind.ArgListKeyword):
                RefuseConstruct(RuleIds.UndocumentedKeyword, "__arglist", parameter);
                break;
            case MemberDeclarationSyntax or LocalFunctionStatementSyntax:
                CheckModifiers(node);
                break;
            case GotoStatementSyntax jump:
                RefuseConstruct(RuleIds.Goto, jump.CaseOrDefaultKeyword.IsKind(SyntaxKind.None) ? "goto" : "goto " + jump.CaseOrDefaultKeyword.ValueText, jump);
                break;
            case ExternAliasDirectiveSyntax externAlias:
                RefuseConstruct(RuleIds.Interop, "extern alias", externAlias);
                break;
        }
    }

    private void CheckModifiers(SyntaxNode node)
    {
        var modifiers = node switch
        {
            MemberDeclarationSyntax member => member.Modifiers,
            LocalFunctionStatementSyntax local => local.Modifiers,
            _ => default,
        };
        var returnType = node switch
        {
            MethodDeclarationSyntax method => method.ReturnType,
            LocalFunctionStatementSyntax local => local.ReturnType,
            _ => null,
        };
        foreach (var modifier in modifiers)
        {
            if (modifier.IsKind(SyntaxKind.AsyncKeyword) && returnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword })
            {
                RefuseConstruct(RuleIds.AsyncVoid, "async void", modifier, node.Span);
            }

            if (modifier.IsKind(SyntaxKind.ExternKeyword))
            {
                RefuseConstruct(RuleIds.Interop, "extern method", modifier, node.Span);
            }
            else if (modifier.IsKind(SyntaxKind.UnsafeKeyword))
            {
                RefuseConstruct(RuleIds.Unsafe, "unsafe", modifier, node.Span);
            }
        }
    }

    private void CheckName(SimpleNameSyntax name)
    {
        var info = _model.GetSymbolInfo(name, _cancellationToken);
        if (info.Symbol is { } symbol)
        {
            CheckSymbol(symbol, name);
            return;
        }

        foreach (var candidate in info.CandidateSymbols)
        {
            CheckSymbol(candidate, name);
        }
    }

    private void CheckSymbol(ISymbol symbol, SimpleNameSyntax name)
    {
        if (symbol is IAliasSymbol alias)
        {
            symbol = alias.Target;
        }

        var verdict = symbol switch
        {
            ITypeSymbol type => _judge.CheckType(type),
            IMethodSymbol or IPropertySymbol or IFieldSymbol or IEventSymbol => _judge.CheckMember(symbol),
            _ => null,
        };
        if (verdict is { } v)
        {
            Add(v, ScopeOf(name), name.GetLocation(), secondary: false);
        }

        if (PooledHandlers.NamedBy(symbol) is { } handler)
        {
            // Named by the snippet itself (a declaration, new, an explicit Append or ToStringAndClear): it could copy it.
            Add(new Verdict(List.Rule(RuleIds.Interop), handler), ScopeOf(name), name.GetLocation(), secondary: false);
        }
    }

    private void VisitOperation(IOperation operation)
    {
        if (operation is INameOfOperation)
        {
            return;
        }

        CheckOperation(operation);
        foreach (var child in operation.ChildOperations)
        {
            VisitOperation(child);
        }
    }

    private void CheckOperation(IOperation operation)
    {
        var syntax = operation.Syntax;
        switch (operation)
        {
            case IInvocationOperation invocation:
                CheckMember(invocation.TargetMethod, syntax is InvocationExpressionSyntax call ? call.Expression : syntax);
                break;
            case IObjectCreationOperation { Constructor: { } constructor }:
                CheckMember(constructor, syntax switch
                {
                    ObjectCreationExpressionSyntax creation => creation.Type,
                    _ => syntax,
                });
                break;
            case IMemberReferenceOperation reference:
                CheckMember(reference.Member, syntax);
                break;
            case IConversionOperation { OperatorMethod: { } conversion }:
                CheckMember(conversion, syntax);
                break;
            case IBinaryOperation { OperatorMethod: { } binary }:
                CheckMember(binary, syntax);
                break;
            case IUnaryOperation { OperatorMethod: { } unary }:
                CheckMember(unary, syntax);
                break;
            case IIncrementOrDecrementOperation { OperatorMethod: { } increment }:
                CheckMember(increment, syntax);
                break;
            case ICompoundAssignmentOperation compound:
                CheckMember(compound.OperatorMethod, syntax);
                CheckMember(compound.InConversion.MethodSymbol, syntax);
                CheckMember(compound.OutConversion.MethodSymbol, syntax);
                break;
            case ITypeOfOperation typeOf:
                CheckType(typeOf.TypeOperand, syntax, secondary: false);
                break;
            case ISizeOfOperation sizeOf:
                CheckType(sizeOf.TypeOperand, syntax, secondary: false);
                break;
            case IIsTypeOperation isType:
                CheckType(isType.TypeOperand, syntax, secondary: false);
                break;
            case IDeclarationPatternOperation declaration:
                CheckType(declaration.MatchedType, syntax, secondary: false);
                CheckHeldHandler((declaration.DeclaredSymbol as ILocalSymbol)?.Type, syntax);
                break;
            case ITypePatternOperation typePattern:
                CheckType(typePattern.MatchedType, syntax, secondary: false);
                break;
            case IRecursivePatternOperation recursive:
                CheckType(recursive.MatchedType, syntax, secondary: false);
                CheckMember(recursive.DeconstructSymbol, syntax);
                break;
            case IListPatternOperation list:
                CheckMember(list.LengthSymbol, syntax);
                CheckMember(list.IndexerSymbol, syntax);
                break;
            case ISlicePatternOperation slice:
                CheckMember(slice.SliceSymbol, syntax);
                break;
            case IImplicitIndexerReferenceOperation implicitIndexer:
                CheckMember(implicitIndexer.LengthSymbol, syntax);
                CheckMember(implicitIndexer.IndexerSymbol, syntax);
                break;
            case IRangeOperation { Method: { } rangeMethod }:
                CheckMember(rangeMethod, syntax);
                break;
            case IWithOperation { CloneMethod: { } clone }:
                CheckMember(clone, syntax);
                break;
            case ICollectionExpressionOperation { ConstructMethod: { } construct }:
                CheckMember(construct, syntax);
                break;
            case IVariableDeclaratorOperation declarator:
                CheckType(declarator.Symbol.Type, syntax, secondary: true);
                CheckHeldHandler(declarator.Symbol.Type, syntax);
                break;
            case ILocalReferenceOperation { IsDeclaration: true } declaredLocal:
                CheckHeldHandler(declaredLocal.Local.Type, syntax);
                break;
            case IForEachLoopOperation when syntax is CommonForEachStatementSyntax forEach:
                CheckForEach(forEach);
                break;
            case IAwaitOperation when syntax is AwaitExpressionSyntax awaitSyntax:
                var awaitInfo = _model.GetAwaitExpressionInfo(awaitSyntax);
                CheckMember(awaitInfo.GetAwaiterMethod, syntax);
                CheckMember(awaitInfo.IsCompletedProperty, syntax);
                CheckMember(awaitInfo.GetResultMethod, syntax);
                break;
            case IDeconstructionAssignmentOperation when syntax is AssignmentExpressionSyntax assignment:
                CheckDeconstruction(_model.GetDeconstructionInfo(assignment), syntax);
                break;
            case IDynamicInvocationOperation or IDynamicMemberReferenceOperation or IDynamicObjectCreationOperation or IDynamicIndexerAccessOperation:
                RefuseConstruct(RuleIds.Dynamic, "dynamic", syntax);
                break;
            case IAnonymousFunctionOperation { Symbol: { IsAsync: true, ReturnsVoid: true } }:
                RefuseConstruct(RuleIds.AsyncVoid, "async void lambda", syntax);
                break;
            case IAnonymousFunctionOperation lambda:
                foreach (var parameter in lambda.Symbol.Parameters)
                {
                    CheckHeldHandler(parameter.Type, syntax);
                }

                break;
            case IAddressOfOperation or IFunctionPointerInvocationOperation:
                RefuseConstruct(RuleIds.Unsafe, syntax.ToString(), syntax);
                break;
        }

        // The safety net: any value of a refused type, however it was reached (a member returning one, say).
        CheckType(operation.Type, syntax, secondary: true);
    }

    private void CheckForEach(CommonForEachStatementSyntax forEach)
    {
        var info = _model.GetForEachStatementInfo(forEach);
        CheckMember(info.GetEnumeratorMethod, forEach.Expression);
        CheckMember(info.MoveNextMethod, forEach.Expression);
        CheckMember(info.CurrentProperty, forEach.Expression);
        CheckMember(info.DisposeMethod, forEach.Expression);
        CheckType(info.ElementType, forEach.Expression, secondary: true);
        if (forEach is ForEachVariableStatementSyntax variables)
        {
            CheckDeconstruction(_model.GetDeconstructionInfo(variables), variables.Variable);
        }
    }

    private void CheckDeconstruction(DeconstructionInfo info, SyntaxNode syntax)
    {
        CheckMember(info.Method, syntax);
        CheckMember(info.Conversion?.MethodSymbol, syntax);
        foreach (var nested in info.Nested)
        {
            CheckDeconstruction(nested, syntax);
        }
    }

    private void CheckMember(ISymbol? member, SyntaxNode syntax)
    {
        if (member is not null && _judge.CheckMember(member) is { } verdict)
        {
            var (name, scope) = NameOf(syntax);
            Add(verdict, scope, name, secondary: false);
        }
    }

    /// <summary>A variable of the snippet's that holds a pooled handler without naming its type (var, an inferred lambda parameter).</summary>
    private void CheckHeldHandler(ITypeSymbol? type, SyntaxNode syntax)
    {
        if (PooledHandlers.IsPooledHandler(type))
        {
            var (name, scope) = NameOf(syntax);
            Add(new Verdict(List.Rule(RuleIds.Interop), type!), scope, name, secondary: true);
        }
    }

    private void CheckType(ITypeSymbol? type, SyntaxNode syntax, bool secondary)
    {
        if (type is not null && _judge.CheckType(type) is { } verdict)
        {
            var (name, scope) = NameOf(syntax);
            Add(verdict, scope, name, secondary);
        }
    }

    private void Add(Verdict verdict, TextSpan scope, Location location, bool secondary) =>
        _refusals.Add(new Refusal(verdict.Rule, verdict.Offender, verdict.Offender.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat), scope, location, secondary));

    private void RefuseConstruct(string ruleId, string refused, SyntaxNode node) =>
        _refusals.Add(new Refusal(List.Rule(ruleId), null, refused, node.Span, node.GetLocation(), Secondary: false));

    private void RefuseConstruct(string ruleId, string refused, SyntaxToken token, TextSpan scope) =>
        _refusals.Add(new Refusal(List.Rule(ruleId), null, refused, scope, token.GetLocation(), Secondary: false));

    /// <summary>Where to point for an operation: at the member's name, with the whole access as its scope.</summary>
    private static (Location Location, TextSpan Scope) NameOf(SyntaxNode syntax) => syntax switch
    {
        MemberAccessExpressionSyntax access => (access.Name.GetLocation(), access.Span),
        MemberBindingExpressionSyntax binding => (binding.Name.GetLocation(), binding.Span),
        QualifiedNameSyntax qualified => (qualified.Right.GetLocation(), qualified.Span),
        ImplicitObjectCreationExpressionSyntax implicitCreation => (implicitCreation.NewKeyword.GetLocation(), implicitCreation.NewKeyword.Span),
        _ => (syntax.GetLocation(), syntax.Span),
    };

    /// <summary>The expression a name belongs to: <c>File.ReadAllText</c> for <c>ReadAllText</c>.</summary>
    private static TextSpan ScopeOf(SimpleNameSyntax name) => name.Parent switch
    {
        MemberAccessExpressionSyntax access when access.Name == name => access.Span,
        MemberBindingExpressionSyntax binding when binding.Name == name => binding.Span,
        QualifiedNameSyntax qualified when qualified.Right == name => qualified.Span,
        AliasQualifiedNameSyntax aliased when aliased.Name == name => aliased.Span,
        _ => name.Span,
    };
}
