namespace Rlm.Roslyn.Tests.Fakes;

/// <summary>Counts calls in flight and remembers the most at once.</summary>
internal sealed class ConcurrencyProbe
{
    private int _current;
    private int _max;
    private int _total;

    public int Max => Volatile.Read(ref _max);

    public int Total => Volatile.Read(ref _total);

    /// <summary>Runs <paramref name="body"/> as one call in flight.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> body)
    {
        Interlocked.Increment(ref _total);
        var now = Interlocked.Increment(ref _current);
        int seen;
        while (now > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, now, seen) != seen)
        {
        }

        try
        {
            return await body();
        }
        finally
        {
            Interlocked.Decrement(ref _current);
        }
    }
}
