namespace Rlm.Roslyn;

/// <summary>
/// One run tree's hold on a worker from <see cref="WorkerPool"/>: every session of the tree (the root's and its child
/// RLMs') lives in the same worker. After a loss (a crash, a kill) the next session or block gets a fresh worker.
/// </summary>
/// <param name="key">The kind of worker the tree needs.</param>
internal sealed class WorkerLease(WorkerKey key) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private WorkerProcess? _worker;
    private bool _disposed;

    /// <summary>The kind of worker held.</summary>
    public WorkerKey Key => key;

    /// <summary>The live worker, renting one when none is held or the one held has ended.</summary>
    /// <exception cref="IOException">A new worker ended while starting.</exception>
    /// <exception cref="ObjectDisposedException">The lease was disposed.</exception>
    public async Task<WorkerProcess> GetAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_worker is { HasEnded: false } live)
            {
                return live;
            }

            if (Interlocked.Exchange(ref _worker, null) is { } ended)
            {
                WorkerPool.Return(ended);
            }

            return _worker = await WorkerPool.RentAsync(key, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Ends <paramref name="worker"/> (a stuck block, a broken protocol): every session in it is gone, and the next <see cref="GetAsync"/> rents another.</summary>
    public void Lose(WorkerProcess worker)
    {
        worker.Kill();
        if (Interlocked.CompareExchange(ref _worker, null, worker) == worker)
        {
            WorkerPool.Return(worker);
        }
    }

    public void Dispose()
    {
        _gate.Wait();
        try
        {
            if (Interlocked.Exchange(ref _worker, null) is { } held)
            {
                WorkerPool.Return(held);
            }

            _disposed = true;
        }
        finally
        {
            _gate.Release();
        }
    }
}
