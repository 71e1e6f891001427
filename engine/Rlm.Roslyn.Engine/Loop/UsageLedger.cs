namespace Rlm.Roslyn;

/// <summary>Usage of a whole run tree, by depth; thread-safe, since sub-calls and children run concurrently.</summary>
internal sealed class UsageLedger
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<int, RlmUsage> _byDepth = [];

    public void Add(int depth, RlmUsage usage)
    {
        lock (_gate)
        {
            _byDepth[depth] = _byDepth.GetValueOrDefault(depth) + usage;
        }
    }

    public RlmUsage Total
    {
        get
        {
            lock (_gate)
            {
                return _byDepth.Values.Aggregate(default(RlmUsage), (a, b) => a + b);
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
}
