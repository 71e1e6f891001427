using System.Reflection;
using System.Runtime.Loader;

namespace Rlm.Roslyn;

/// <summary>
/// One collectible load context per script session. Each submission's assembly is loaded here and resolves
/// the earlier submissions it refers to by name; everything else comes from the context that loaded the engine.
/// </summary>
internal sealed class SubmissionLoadContext : AssemblyLoadContext
{
    private readonly Dictionary<string, Assembly> _submissions = new(StringComparer.Ordinal);
    private readonly AssemblyLoadContext _parent;

    public SubmissionLoadContext(string name)
        : base(name, isCollectible: true)
    {
        _parent = GetLoadContext(typeof(SubmissionLoadContext).Assembly) ?? Default;

        // A collectible context that keeps its own Assembly objects alive never unloads: drop them.
        Unloading += _ =>
        {
            lock (_submissions)
            {
                _submissions.Clear();
            }
        };
    }

    public Assembly LoadSubmission(string name, Stream peImage, Stream pdbImage)
    {
        var assembly = LoadFromStream(peImage, pdbImage);
        lock (_submissions)
        {
            _submissions[name] = assembly;
        }

        return assembly;
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        lock (_submissions)
        {
            if (assemblyName.Name is { } name && _submissions.TryGetValue(name, out var submission))
            {
                return submission;
            }
        }

        // Null defers to the default context; a non-default parent (a plugin host) resolves its own.
        return ReferenceEquals(_parent, Default) ? null : _parent.LoadFromAssemblyName(assemblyName);
    }
}
