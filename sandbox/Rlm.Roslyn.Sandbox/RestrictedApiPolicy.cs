using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Rlm.Roslyn.Analysis;
using Rlm.Roslyn.AllowLists;

namespace Rlm.Roslyn;

/// <summary>
/// The sandbox's restricted-API analyzer: before a snippet runs, it walks the compiled submission (every
/// operation and every name in it) and refuses anything outside an allow-list: files, network, processes,
/// environment, reflection, <c>dynamic</c>, unsafe code, native interop, threads, GC, console input, finalizers
/// and anything else the list does not name. Each refusal is a diagnostic (RLM001...RLM100) located in the
/// snippet, naming what was refused and what to use instead.
/// </summary>
/// <remarks>
/// <para>It is the engine's default (<c>RlmOptions.SubmissionPolicy</c>). To run trusted code without the analyzer,
/// set <c>SubmissionPolicy = TrustedCodePolicy.Instance</c>: the engine's runtime limits still apply.</para>
/// <para>To tighten or loosen the list, start from <see cref="DefaultAllowListText"/> and append lines: a line
/// overrides an earlier one for the same name, and a more specific name overrides a broader one, for example
/// <c>RestrictedApiPolicy.FromAllowList(RestrictedApiPolicy.DefaultAllowListText + "\ntype System.Lazy\n")</c>.</para>
/// <para>An instance is immutable, thread-safe and meant to be shared: it caches its decision per symbol, and
/// once per set of referenced assemblies it indexes the names through which a refused API can be reached
/// (in the background, on first use). A snippet that writes none of them is cleared from its syntax alone,
/// without binding it again; any other snippet gets the full analysis.</para>
/// </remarks>
public sealed class RestrictedApiPolicy : ISubmissionPolicy
{
    private const string ResourceName = "Rlm.Roslyn.Sandbox.AllowList.txt";

    private static readonly Lazy<string> s_defaultText = new(ReadDefaultText);
    private static readonly Lazy<RestrictedApiPolicy> s_default = new(() => FromAllowList(DefaultAllowListText));

    private readonly SymbolJudge _judge;
    private readonly ConcurrentDictionary<string, DiagnosticDescriptor> _descriptors = new(StringComparer.Ordinal);

    // One trigger index per set of references, built once in the background; until it is ready every snippet
    // takes the full analysis.
    private readonly ConcurrentDictionary<string, Lazy<Task<TriggerIndex>>> _indexes = new(StringComparer.Ordinal);

    private RestrictedApiPolicy(AllowList list) => _judge = new SymbolJudge(list);

    /// <summary>The policy built from the default allow-list (<c>AllowList.txt</c>, embedded in this assembly).</summary>
    public static RestrictedApiPolicy Default => s_default.Value;

    /// <summary>The judge behind this policy's decisions (tests audit the referenced assemblies with it).</summary>
    internal SymbolJudge Judge => _judge;

    /// <summary>The default allow-list's text, with its grammar documented at the top: a starting point for a custom list.</summary>
    public static string DefaultAllowListText => s_defaultText.Value;

    /// <summary>Builds a policy from allow-list text (the grammar is at the top of <see cref="DefaultAllowListText"/>).</summary>
    /// <param name="allowList">The allow-list: one directive per line.</param>
    /// <exception cref="FormatException">A line does not follow the grammar; the message names the line.</exception>
    public static RestrictedApiPolicy FromAllowList(string allowList)
    {
        ArgumentNullException.ThrowIfNull(allowList);
        return new RestrictedApiPolicy(AllowList.Parse(allowList));
    }

    /// <inheritdoc />
    public IReadOnlyList<Diagnostic> Analyze(Compilation compilation, SyntaxTree tree, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(compilation);
        ArgumentNullException.ThrowIfNull(tree);
        cancellationToken.ThrowIfCancellationRequested();
        if (IsClearedByFastPath(compilation, tree, cancellationToken))
        {
            return [];
        }

        return AnalyzeFully(compilation, tree, cancellationToken);
    }

    /// <summary>The full analysis: binds the snippet and walks every operation and name in it.</summary>
    internal IReadOnlyList<Diagnostic> AnalyzeFully(Compilation compilation, SyntaxTree tree, CancellationToken cancellationToken = default)
    {
        var refusals = SubmissionWalker.Walk(compilation, tree, _judge, cancellationToken);
        if (refusals.Count == 0)
        {
            return [];
        }

        var diagnostics = new Diagnostic[refusals.Count];
        for (var i = 0; i < refusals.Count; i++)
        {
            var refusal = refusals[i];
            diagnostics[i] = Diagnostic.Create(Descriptor(refusal.Rule), refusal.Location, refusal.Rule.Message(refusal.Refused));
        }

        return diagnostics;
    }

    /// <summary>
    /// True when the snippet names nothing that could lead to a refused symbol or construct (see
    /// <see cref="TriggerIndex"/>), so the full analysis would find nothing. False while the index is being built.
    /// </summary>
    internal bool IsClearedByFastPath(Compilation compilation, SyntaxTree tree, CancellationToken cancellationToken = default)
    {
        var index = IndexFor(compilation);
        return index.IsCompletedSuccessfully && index.Result.DisabledBy is null && TriggerScan.IsClear(tree.GetRoot(cancellationToken), index.Result);
    }

    /// <summary>The trigger index for the compilation's references; starts building it in the background on first use.</summary>
    internal Task<TriggerIndex> IndexFor(Compilation compilation)
    {
        var key = string.Join('|', compilation.References.Select(r => r.Display));
        return _indexes.GetOrAdd(key, _ => new Lazy<Task<TriggerIndex>>(() => Task.Run(() => TriggerIndex.Build(compilation, _judge, CancellationToken.None)))).Value;
    }

    private DiagnosticDescriptor Descriptor(SandboxRule rule) =>
        _descriptors.GetOrAdd(rule.Id, static (id, r) => new DiagnosticDescriptor(
            id, title: $"Not allowed in snippets: {r.Family}", messageFormat: "{0}", category: "Rlm.Sandbox", DiagnosticSeverity.Error, isEnabledByDefault: true), rule);

    private static string ReadDefaultText()
    {
        using var stream = typeof(RestrictedApiPolicy).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded allow-list {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
