using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Rlm.Roslyn;

/// <summary>
/// Picks again the checkpoint block of expression-bodied lambdas a compile failed on. Whether <c>x =&gt; e</c> returns
/// a value is known only once bound, so <see cref="CheckpointInjector"/> guesses from the syntax; when the guess
/// breaks the compile, the lambda gets its other form, and then is left as written (an expression tree, say).
/// </summary>
internal static class LambdaForms
{
    /// <summary>Errors a wrong guess gives: a value returned to a void delegate, a void returned as a value, a block where an expression tree is needed.</summary>
    private static readonly HashSet<string> s_wrongGuess =
    [
        "CS8030", // anonymous function converted to a void returning delegate cannot return a value
        "CS0127", // since it returns void, a return keyword must not be followed by an object expression
        "CS1662", // cannot convert lambda: some return types in the block are not implicitly convertible
        "CS0029", // cannot implicitly convert type 'void' to ...
        "CS1643", // not all code paths return a value in lambda
        "CS0201", // only assignment, call, increment, decrement, await and new can be used as a statement
        "CS0834", // a lambda with a statement body cannot be converted to an expression tree
        "CS4010", // cannot convert async lambda: an async lambda returning a value needs Task<T>
        "CS1997", // an async method returning Task: return must not be followed by an expression
        "CS8031", // async lambda converted to a Task-returning delegate cannot return a value
        "CS1503", // argument conversion failed (the lambda no longer fits the only overload)
        "CS1660", // cannot convert lambda to a type that is not a delegate
        "CS0121", // the call is ambiguous between overloads
        "CS0411", // type arguments cannot be inferred
        "CS1593", // delegate does not take N arguments
        "CS0815", // cannot assign void to an implicitly-typed variable
        "CS8917", // the delegate type could not be inferred
    ];

    /// <summary>Updates <paramref name="forms"/> for the lambdas the errors point at; false when none can change.</summary>
    public static bool Retry(SyntaxTree original, SyntaxTree rewritten, IReadOnlyList<Diagnostic> errors, ref Dictionary<int, CheckpointInjector.LambdaForm>? forms)
    {
        var root = rewritten.GetRoot();
        var lambdas = root.GetAnnotatedNodes(CheckpointInjector.LambdaAnnotationKind).ToList();
        if (lambdas.Count == 0)
        {
            return false;
        }

        var changed = false;
        var advanced = new HashSet<int>();
        var originalRoot = original.GetRoot();
        foreach (var error in errors)
        {
            if (!error.Location.IsInSource || !s_wrongGuess.Contains(error.Id))
            {
                continue;
            }

            // The innermost lambda holding the error; else (a failed overload resolution) the lambdas inside its span.
            var span = error.Location.SourceSpan;
            var suspects = lambdas.Where(l => l.Span.Contains(span)).OrderBy(l => l.Span.Length).Take(1).ToList();
            if (suspects.Count == 0)
            {
                suspects = [.. lambdas.Where(l => span.Contains(l.Span))];
            }

            foreach (var lambda in suspects)
            {
                var start = int.Parse(lambda.GetAnnotations(CheckpointInjector.LambdaAnnotationKind).First().Data!, System.Globalization.CultureInfo.InvariantCulture);
                var guess = CheckpointInjector.GuessForm(originalRoot.FindToken(start).Parent!.AncestorsAndSelf().OfType<LambdaExpressionSyntax>().First(l => l.SpanStart == start));
                forms ??= [];
                var current = forms.TryGetValue(start, out var chosen) ? chosen : guess;
                if (current != CheckpointInjector.LambdaForm.Unchanged && advanced.Add(start))
                {
                    forms[start] = current != guess ? CheckpointInjector.LambdaForm.Unchanged
                        : guess == CheckpointInjector.LambdaForm.Return ? CheckpointInjector.LambdaForm.Statement
                        : CheckpointInjector.LambdaForm.Return;
                    changed = true;
                }
            }
        }

        return changed;
    }
}
