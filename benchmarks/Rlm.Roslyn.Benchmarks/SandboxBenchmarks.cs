using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Rlm.Roslyn.Benchmarks;

/// <summary>
/// What the sandbox adds to one snippet step: for a realistic 50-line snippet, compile and emit as the session does
/// (the floor), then with the engine's checkpoint rewrite, then with the rewrite and the restricted-API analyzer.
/// The analyzer runs on the emitted compilation, as in ScriptSession. The snippet names nothing that can lead to a
/// refused API, so the policy clears it on its fast path; the last benchmark forces the full analysis, which binds
/// the snippet a second time (what a snippet naming, say, GetType or Start costs).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class SandboxBenchmarks
{
    /// <summary>A snippet of the kind a model writes: Grep, LINQ, a record, local functions, regex, loops, JSON, async.</summary>
    public const string Snippet = """
        using System.Text.Json;
        record Finding(string Document, int Line, string Level, string Text);
        var levels = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var findings = new List<Finding>();
        foreach (var hit in Grep(@"\b(ERROR|WARN)\b", maxHits: 500))
        {
            var level = hit.Match.ToUpperInvariant();
            levels[level] = levels.GetValueOrDefault(level) + 1;
            findings.Add(new Finding(hit.Document ?? "?", hit.Line, level, hit.LineText.Trim()));
        }

        string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + "...";
        int Score(Finding f) => f.Level == "ERROR" ? 2 : 1;

        var byDocument = findings
            .GroupBy(f => f.Document)
            .Select(g => new { Document = g.Key, Score = g.Sum(Score), Count = g.Count() })
            .OrderByDescending(x => x.Score)
            .ThenBy(x => x.Document, StringComparer.Ordinal)
            .ToList();

        var dates = new List<DateTime>();
        foreach (Match m in Regex.Matches(Peek(0, 5000), @"(?<d>\d{4}-\d{2}-\d{2})"))
        {
            if (DateTime.TryParseExact(m.Groups["d"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                dates.Add(date);
            }
        }

        var sb = new StringBuilder();
        for (var i = 0; i < Math.Min(5, byDocument.Count); i++)
        {
            var d = byDocument[i];
            sb.AppendLine($"{i + 1}. {d.Document}: {d.Count} findings (score {d.Score})");
        }

        var chunks = Partition(20_000, 200);
        var prompts = chunks.Take(4).Select(c => $"List the errors in this text:\n{c.Text}").ToList();
        var answers = await Task.WhenAll(prompts.Select(p => LlmAsync(p)));
        var summary = string.Join("\n", answers.Select((a, i) => $"[{i}] {Shorten(a, 200)}"));
        var config = JsonSerializer.Serialize(new { levels, first = dates.Count > 0 ? dates.Min() : (DateTime?)null });
        var (errors, warnings) = (levels.GetValueOrDefault("ERROR"), levels.GetValueOrDefault("WARN"));
        var verdict = (errors, warnings) switch
        {
            (0, 0) => "clean",
            (0, _) => "warnings only",
            _ when errors > 10 => "many errors",
            _ => "some errors",
        };

        Print(sb.ToString());
        Print(summary);
        Print($"{verdict}: {errors} errors, {warnings} warnings; {config}");
        """;

    private readonly RestrictedApiPolicy _policy = RestrictedApiPolicy.Default;
    private int _counter;
    private SyntaxTree _parsed = null!;
    private CSharpCompilation _emitted = null!;
    private SyntaxTree _emittedTree = null!;
    private Dictionary<int, CheckpointInjector.LambdaForm> _lambdasUnchanged = null!;

    [GlobalSetup]
    public void Setup()
    {
        // Load references, the binder and the policy's caches, as a warm session would have them.
        _ = ScriptEnvironment.WarmUpAsync().Wait(TimeSpan.FromMinutes(1));
        var (compilation, tree) = Compile(rewrite: true);
        _policy.IndexFor(compilation).Wait(TimeSpan.FromMinutes(1));
        _parsed = ScriptEnvironment.Parse(Snippet, "snippet1.csx");
        _lambdasUnchanged = _parsed.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.LambdaExpressionSyntax>()
            .ToDictionary(l => l.SpanStart, _ => CheckpointInjector.LambdaForm.Unchanged);
        (_emitted, _emittedTree) = (compilation, tree);
        _ = Emit(_emitted);
        if (_policy.Analyze(compilation, tree).Count != 0 || !_policy.IsClearedByFastPath(compilation, tree))
        {
            throw new InvalidOperationException("The benchmark snippet must pass the policy's fast path.");
        }
    }

    [Benchmark(Baseline = true, Description = "compile + emit")]
    public int CompileAndEmit() => Emit(Compile(rewrite: false).Compilation);

    [Benchmark(Description = "+ checkpoint rewrite")]
    public int WithRewrite() => Emit(Compile(rewrite: true).Compilation);

    [Benchmark(Description = "+ rewrite + policy")]
    public int WithRewriteAndPolicy()
    {
        var (compilation, tree) = Compile(rewrite: true);
        var size = Emit(compilation);
        return size + _policy.Analyze(compilation, tree).Count;
    }

    /// <summary>The same snippet when it names something that forces the full analysis (a second bind and walk).</summary>
    [Benchmark(Description = "+ rewrite + policy, full analysis")]
    public int WithRewriteAndFullAnalysis()
    {
        var (compilation, tree) = Compile(rewrite: true);
        var size = Emit(compilation);
        return size + _policy.AnalyzeFully(compilation, tree).Count;
    }

    /// <summary>The rewrite step alone, on a parsed snippet: what it adds to a step.</summary>
    [Benchmark(Description = "checkpoint rewrite alone")]
    public int RewriteAlone() => CheckpointInjector.Rewrite(_parsed).InjectedSpans.Length;

    /// <summary>
    /// The rewrite as it was before expression-bodied lambdas got checkpoints (they are left as written): side by
    /// side with the row above, what the lambda blocks add.
    /// </summary>
    [Benchmark(Description = "rewrite alone, lambdas left as written")]
    public int RewriteWithoutLambdaBlocks() => CheckpointInjector.Rewrite(_parsed, _lambdasUnchanged).InjectedSpans.Length;

    /// <summary>A rewriter that changes nothing: the floor of any syntax rewrite of this snippet.</summary>
    [Benchmark(Description = "identity tree walk (floor)")]
    public int IdentityWalk() => new IdentityRewriter().Visit(_parsed.GetRoot())!.FullSpan.Length;

    /// <summary>The policy step alone, on an emitted compilation, as ScriptSession calls it: what it adds to a step.</summary>
    [Benchmark(Description = "policy alone (fast path)")]
    public int PolicyAlone() => _policy.Analyze(_emitted, _emittedTree).Count;

    private (CSharpCompilation Compilation, SyntaxTree Tree) Compile(bool rewrite)
    {
        var tree = ScriptEnvironment.Parse(Snippet, "snippet1.csx");
        if (rewrite)
        {
            (tree, _) = CheckpointInjector.Rewrite(tree);
        }

        var compilation = CSharpCompilation.CreateScriptCompilation(
            $"rlm-bench-{++_counter}", tree, ScriptEnvironment.References, ScriptEnvironment.CompilationOptions, null, typeof(object), typeof(RlmGlobals));
        return (compilation, tree);
    }

    private static int Emit(CSharpCompilation compilation)
    {
        using var pe = new MemoryStream();
        using var pdb = new MemoryStream();
        var result = compilation.Emit(pe, pdb);
        return result.Success ? (int)pe.Length : throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
    }

    private sealed class IdentityRewriter : CSharpSyntaxRewriter
    {
    }
}
