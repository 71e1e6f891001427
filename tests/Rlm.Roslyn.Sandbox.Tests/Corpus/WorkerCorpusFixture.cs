namespace Rlm.Roslyn.Sandbox.Tests.Corpus;

/// <summary>One jailed worker (and after a crash case, the next one) for every case of a corpus run in the worker: each case opens a session of its own in it.</summary>
public sealed class WorkerCorpusFixture : IDisposable
{
    public WorkerCorpusFixture()
    {
        var options = CorpusRunner.EscapeOptions with { Policy = RestrictedApiPolicy.Default };
        Lease = new WorkerLease(WorkerKey.For(options, maxConcurrency: 4, WorkerJail.Required, owner: "escape-corpus"));
    }

    internal WorkerLease Lease { get; }

    public void Dispose() => Lease.Dispose();
}
