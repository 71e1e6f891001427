namespace Rlm.Roslyn;

/// <summary>
/// How a batch of sub-calls runs (<c>LlmMany</c>, <c>Map</c>, <c>RecurseMany</c>): one shape for the run in this process
/// and for the isolated worker, whose calls each cross to the parent.
/// </summary>
internal static class FanOut
{
    /// <summary>
    /// Starts <paramref name="calls"/> strictly in input order (so child paths 0.1, 0.2... follow it), at most
    /// <paramref name="maxConcurrency"/> of the batch at once, and returns their answers in that order; a call that throws
    /// answers "Error: ...". The tree-wide bound on LM requests in flight is the run tree's; this one only keeps a batch of
    /// a thousand child RLMs from opening a thousand sessions at once. A batch inside a child never waits on slots its
    /// parent's batch holds, so nesting cannot deadlock.
    /// </summary>
    public static async Task<string[]> RunAsync(IReadOnlyList<Func<CancellationToken, Task<string>>> calls, int maxConcurrency, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(maxConcurrency);
        var tasks = new List<Task<string>>(calls.Count);
        try
        {
            foreach (var call in calls)
            {
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                tasks.Add(RunOneAsync(call));
            }
        }
        catch (OperationCanceledException)
        {
            // Every started call has the same token: wait for them to stop before the batch reports cancellation.
            await Task.WhenAll(tasks.Select(t => (Task)t.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default))).ConfigureAwait(false);
            throw;
        }

        return await Task.WhenAll(tasks).ConfigureAwait(false);

        async Task<string> RunOneAsync(Func<CancellationToken, Task<string>> call)
        {
            try
            {
                // Runs synchronously up to the call's first await, so each call takes its path in input order.
                return await call(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                return $"Error: {ex.Message}";
            }
            finally
            {
                slots.Release();
            }
        }
    }
}
