namespace Rlm.Roslyn;

/// <summary>Usage of a whole run tree, by depth and by model; thread-safe, since sub-calls and children run concurrently.</summary>
internal sealed class UsageLedger
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<int, RlmUsage> _byDepth = [];
    private readonly SortedDictionary<string, RlmUsage> _byModel = new(StringComparer.Ordinal);
    private RlmUsage _total;

    /// <summary>Records one call's usage under its depth and model; returns the tree's new total.</summary>
    public RlmUsage Add(int depth, string model, RlmUsage usage)
    {
        lock (_gate)
        {
            _byDepth[depth] = _byDepth.GetValueOrDefault(depth) + usage;
            _byModel[model] = _byModel.GetValueOrDefault(model) + usage;
            _total += usage;
            return _total;
        }
    }

    /// <summary>Records one call's usage under its depth, with no model name.</summary>
    public RlmUsage Add(int depth, RlmUsage usage) => Add(depth, UnknownModel, usage);

    /// <summary>The model name recorded when neither the options, the client nor the response name one.</summary>
    public const string UnknownModel = "(unknown)";

    public RlmUsage Total
    {
        get
        {
            lock (_gate)
            {
                return _total;
            }
        }
    }

    public IReadOnlyDictionary<int, RlmUsage> ByDepth
    {
        get
        {
            lock (_gate)
            {
                return new SortedDictionary<int, RlmUsage>(_byDepth);
            }
        }
    }

    public IReadOnlyDictionary<string, RlmUsage> ByModel
    {
        get
        {
            lock (_gate)
            {
                return new SortedDictionary<string, RlmUsage>(_byModel, StringComparer.Ordinal);
            }
        }
    }
}
