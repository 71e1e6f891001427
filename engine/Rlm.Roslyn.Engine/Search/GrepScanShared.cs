namespace Rlm.Roslyn;

/// <summary>What the ranges of one scan share: cancellation, the first range that filled the cap, and the newline count at each document start.</summary>
internal sealed class GrepScanShared(int documents, bool lineNumbers, CancellationToken cancellationToken)
{
    private int _cappedRange = int.MaxValue;

    /// <summary>Checked every block and every 1,024 matches.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>The lowest range that kept <see cref="GrepScanOptions.MaxKept"/> matches; later ranges keep none.</summary>
    public int CappedRange => Volatile.Read(ref _cappedRange);

    /// <summary>Per document, the <c>'\n'</c>s before its start, counted from the start of the range holding it (then made absolute by the merge).</summary>
    public int[]? DocumentNewlines { get; } = lineNumbers ? new int[documents] : null;

    /// <summary>Records that range <paramref name="index"/> filled the cap.</summary>
    /// <param name="index">The range.</param>
    public void Cap(int index)
    {
        var current = Volatile.Read(ref _cappedRange);
        while (index < current)
        {
            var seen = Interlocked.CompareExchange(ref _cappedRange, index, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
