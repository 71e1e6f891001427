using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Rlm.Roslyn.Sandbox.Tests.Fakes;

/// <summary>Compiles snippets the way the session does (checkpoints injected, chained), without running them.</summary>
internal static class Submissions
{
    /// <summary>The last snippet's compilation and rewritten tree; earlier snippets are chained before it.</summary>
    public static (CSharpCompilation Compilation, SyntaxTree Tree) Compile(params string[] snippets)
    {
        CSharpCompilation? previous = null;
        SyntaxTree? tree = null;
        for (var i = 0; i < snippets.Length; i++)
        {
            // As the session does: a lambda whose guessed checkpoint block breaks the compile gets its other form.
            var parsed = ScriptEnvironment.Parse(snippets[i], $"snippet{i + 1}.csx");
            Dictionary<int, CheckpointInjector.LambdaForm>? forms = null;
            CSharpCompilation compilation;
            do
            {
                (tree, _) = CheckpointInjector.Rewrite(parsed, forms);
                compilation = CSharpCompilation.CreateScriptCompilation(
                    $"rlm-test-{i + 1}", tree, ScriptEnvironment.References, ScriptEnvironment.CompilationOptions, previous, typeof(object), typeof(RlmGlobals));
            }
            while (Errors(compilation) is { Count: > 0 } errors && LambdaForms.Retry(parsed, tree, errors, ref forms));

            previous = compilation;
        }

        return (previous!, tree!);
    }

    /// <summary>Compile errors of the last snippet.</summary>
    public static IReadOnlyList<Diagnostic> Errors(CSharpCompilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
}
