namespace Rlm.Roslyn;

/// <summary>
/// The workers of this process. A warm spare per key (<see cref="Prewarm"/>) hides a worker's start-up behind whatever
/// the caller does meanwhile (loading a context); <see cref="RentAsync"/> gives a run tree a worker (a live one of the
/// same key with room for another tree, else the spare, else a new one) and <see cref="Return"/> takes it back: a
/// worker no tree holds any more is ended, never handed to the next tree with earlier runs' code still loaded in it.
/// </summary>
internal static class WorkerPool
{
    /// <summary>How long a spare nobody took stays up before it is ended, so an idle process does not keep one for good.</summary>
    public static readonly TimeSpan SpareLifetime = TimeSpan.FromMinutes(10);

    private static readonly Lock s_gate = new();
    private static readonly Dictionary<WorkerKey, Task<WorkerProcess>> s_spares = [];
    private static readonly List<(WorkerKey Key, WorkerProcess Worker)> s_rented = [];

    /// <summary>Starts a warm spare for <paramref name="key"/> unless one is up or starting; the task ends when it is ready (or failed to start).</summary>
    public static Task Prewarm(WorkerKey key)
    {
        lock (s_gate)
        {
            if (s_spares.TryGetValue(key, out var spare) && !spare.IsFaulted && !(spare.IsCompletedSuccessfully && spare.Result.HasEnded))
            {
                return spare;
            }

            spare = StartAsync(key);
            s_spares[key] = spare;
            _ = RetireAsync(key, spare);
            return spare;
        }
    }

    /// <summary>A worker for one more run tree of <paramref name="key"/>; give it back with <see cref="Return"/>.</summary>
    /// <exception cref="IOException">A new worker ended while starting.</exception>
    public static async Task<WorkerProcess> RentAsync(WorkerKey key, CancellationToken cancellationToken)
    {
        Task<WorkerProcess>? spare;
        lock (s_gate)
        {
            foreach (var (k, worker) in s_rented)
            {
                if (k == key && !worker.HasEnded && worker.Tenants < key.RunTreesPerWorker)
                {
                    worker.Tenants++;
                    return worker;
                }
            }

            s_spares.Remove(key, out spare);
        }

        WorkerProcess? taken = null;
        if (spare is not null)
        {
            try
            {
                taken = await spare.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // The spare failed to start: start another below, which reports its own failure.
            }

            if (taken is { HasEnded: true })
            {
                taken.Dispose();
                taken = null;
            }
        }

        taken ??= await StartAsync(key, cancellationToken).ConfigureAwait(false);
        lock (s_gate)
        {
            taken.Tenants = 1;
            s_rented.Add((key, taken));
        }

        return taken;
    }

    /// <summary>One run tree is done with <paramref name="worker"/>; the last one out ends it.</summary>
    public static void Return(WorkerProcess worker)
    {
        lock (s_gate)
        {
            if (--worker.Tenants > 0 && !worker.HasEnded)
            {
                return;
            }

            s_rented.RemoveAll(r => ReferenceEquals(r.Worker, worker));
        }

        worker.Dispose();
    }

    private static async Task<WorkerProcess> StartAsync(WorkerKey key, CancellationToken cancellationToken = default)
    {
        using var start = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        start.CancelAfter(WorkerProcess.StartTimeout);
        try
        {
            return await WorkerProcess.StartAsync(key.Hello, key.Jail, key.HeapHardLimitBytes, start.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"The worker process did not start within {WorkerProcess.StartTimeout.TotalSeconds:0} s.");
        }
    }

    /// <summary>Ends <paramref name="spare"/> once <see cref="SpareLifetime"/> has passed, if nobody took it.</summary>
    private static async Task RetireAsync(WorkerKey key, Task<WorkerProcess> spare)
    {
        await Task.Delay(SpareLifetime).ConfigureAwait(false);
        lock (s_gate)
        {
            if (!s_spares.TryGetValue(key, out var current) || current != spare)
            {
                return;
            }

            s_spares.Remove(key);
        }

        if (spare.IsCompletedSuccessfully)
        {
            spare.Result.Dispose();
        }
    }
}
