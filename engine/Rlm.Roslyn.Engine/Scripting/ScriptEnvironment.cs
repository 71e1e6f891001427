using System.Collections.Immutable;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace Rlm.Roslyn;

/// <summary>
/// What every snippet compiles against: parse and compilation options, the default usings and the metadata
/// references. Built once per process and shared by every session (metadata is the expensive part).
/// </summary>
internal static class ScriptEnvironment
{
    /// <summary>Namespaces imported in every snippet.</summary>
    public static readonly ImmutableArray<string> Usings =
    [
        "System",
        "System.Collections.Generic",
        "System.Globalization",
        "System.Linq",
        "System.Text",
        "System.Text.RegularExpressions",
        "System.Threading.Tasks",
        "Rlm.Roslyn",
    ];

    /// <summary>Framework assemblies a snippet may use, by simple name; the sandbox decides which members.</summary>
    private static readonly string[] s_frameworkAssemblies =
    [
        "System.Private.CoreLib",
        "System.Runtime",
        "System.Collections",
        "System.Collections.Concurrent",
        "System.Collections.Immutable",
        "System.Console",
        "System.Linq",
        "System.Memory",
        "System.ObjectModel",
        "System.Runtime.Numerics",
        "System.Text.Encoding.Extensions",
        "System.Text.Json",
        "System.Text.RegularExpressions",
        "System.Threading",
        "netstandard",
    ];

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(CreateReferences);

    // Roslyn binds a compilation's references to assembly symbols it caches on the shared metadata. Two
    // compilations binding at the same moment can each make their own symbols, and a later submission may then
    // pick up the other set: a List<int> from the previous submission no longer matches this one's
    // IEnumerable<int> (CS1929, seen when the first snippet raced the warm-up). Binding one at a time keeps a
    // single symbol set per process. Emitting a snippet takes milliseconds, so the gate costs little.
    private static readonly Lock s_emitGate = new();
    private static readonly Lazy<Task> s_warmUp = new(() => Task.Run(WarmUp));

    public static CSharpParseOptions ParseOptions { get; } =
        new(LanguageVersion.Latest, DocumentationMode.None, SourceCodeKind.Script);

    public static CSharpCompilationOptions CompilationOptions { get; } =
        new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                usings: Usings,
                // Debug keeps an exact IL-to-line map, so a runtime error inside the snippet's own code (an index
                // out of range, a null dereference) reports its line; optimized code loses it. The heavy lifting
                // happens in the engine's helpers and the BCL, which stay optimized.
                optimizationLevel: OptimizationLevel.Debug,
                allowUnsafe: false,
                concurrentBuild: false,
                nullableContextOptions: NullableContextOptions.Disable)
            .WithMetadataReferenceResolver(null)
            .WithSourceReferenceResolver(null);

    public static ImmutableArray<MetadataReference> References => s_references.Value;

    /// <summary>
    /// Starts loading Roslyn and the references in the background (once per process), so the first snippet
    /// does not pay the cold start after the first LM reply. Safe to call often; returns the same task.
    /// </summary>
    public static Task WarmUpAsync() => s_warmUp.Value;

    /// <summary>Emits <paramref name="compilation"/> (binding its references first) one compilation at a time in the process.</summary>
    public static EmitResult Emit(Compilation compilation, Stream peStream, Stream pdbStream, CancellationToken cancellationToken)
    {
        lock (s_emitGate)
        {
            return compilation.Emit(peStream, pdbStream, cancellationToken: cancellationToken);
        }
    }

    public static SyntaxTree Parse(string code, string path) =>
        CSharpSyntaxTree.ParseText(code, ParseOptions, path, Encoding.UTF8);

    private static ImmutableArray<MetadataReference> CreateReferences()
    {
        // The host's trusted platform assemblies; a name can appear twice (app-local and shared): first wins.
        var trusted = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            trusted.TryAdd(Path.GetFileNameWithoutExtension(path), path);
        }

        var builder = ImmutableArray.CreateBuilder<MetadataReference>();
        foreach (var name in s_frameworkAssemblies)
        {
            if (trusted.TryGetValue(name, out var path))
            {
                builder.Add(MetadataReference.CreateFromFile(path));
            }
        }

        builder.Add(ReferenceTo(typeof(RlmGlobals).Assembly));
        return builder.ToImmutable();
    }

    private static PortableExecutableReference ReferenceTo(Assembly assembly) =>
        string.IsNullOrEmpty(assembly.Location)
            ? throw new InvalidOperationException($"Assembly {assembly.GetName().Name} has no file location to reference from scripts.")
            : MetadataReference.CreateFromFile(assembly.Location);

    private static void WarmUp()
    {
        // Bind and emit a small submission that touches the globals, so the binder, the emitter and the
        // reference metadata are all loaded before the first real snippet.
        var tree = Parse("var __warm = Context.Length + Query.Length; Print(__warm);", "warmup.csx");
        var compilation = CSharpCompilation.CreateScriptCompilation(
            "rlm-warmup", tree, References, CompilationOptions, previousScriptCompilation: null, typeof(object), typeof(RlmGlobals));
        using var pe = new MemoryStream();
        using var pdb = new MemoryStream();
        _ = Emit(compilation, pe, pdb, CancellationToken.None);
    }
}
