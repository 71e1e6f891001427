using Rlm.Roslyn.Tests.Fakes;

namespace Rlm.Roslyn.Tests.Worker;

/// <summary>
/// A loaded context reaches the worker as the parent's sealed shared memory, mapped read-only, not as a copy: the worker
/// sees the same text, the mapping is the memfd's, and a write through it kills only the worker, never the parent's text.
/// </summary>
public sealed class WorkerSharedContextTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rlm-shared-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task RunAsync_LoadedContext_IsTheParentsSharedMemoryMappedReadOnly()
    {
        var context = await LoadAsync();
        context.Shared.Should().NotBeNull("a context this big is loaded into shared memory on Linux");
        using var session = Session(context);

        var seen = await session.RunAsync("$\"{Context.Length} {Context.Span[1234]} {Documents[0].Name}\"", WorkerSessions.Timeout, Ct);
        var mapped = await session.RunAsync(
            "System.IO.File.ReadAllLines(\"/proc/self/maps\").Where(l => l.Contains(\"rlm-context\")).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]).Distinct().OrderBy(p => p)",
            WorkerSessions.Timeout,
            Ct);

        seen.Value.Should().Be($"{context.Length} {context.Text.Span[1234]} {context.Documents[0].Name}");
        mapped.Outcome.Should().Be(SnippetOutcome.Completed, mapped.ToFeedback());
        mapped.Value.Should().Contain("r--s", "the worker maps the memfd shared and read-only").And.NotContain("rw", "no writable mapping of it exists in the worker");
    }

    [Fact]
    public async Task RunAsync_WriteThroughTheSharedContext_CostsTheWorkerNotTheParentsText()
    {
        var context = await LoadAsync();
        var before = context.Text.Span[..100].ToString();
        using var session = Session(context);

        var write = await session.RunAsync(
            "var m = System.Runtime.InteropServices.MemoryMarshal.AsMemory(Context);\nm.Span[0] = 'X';\nm.Span[0]",
            WorkerSessions.Timeout,
            Ct);
        var next = await session.RunAsync("Context.Span[..100].ToString()", WorkerSessions.Timeout, Ct);

        write.Outcome.Should().NotBe(SnippetOutcome.Completed, "the pages are read-only in the worker");
        write.SessionReset.Should().BeTrue(write.ToFeedback());
        context.Text.Span[..100].ToString().Should().Be(before);
        next.Value.Should().Be(before, "a fresh worker maps the same untouched text");
    }

    private static WorkerCodeSession Session(RlmContext context) =>
        new(new WorkerLease(WorkerKey.For(new ScriptSessionOptions { Policy = TrustedCodePolicy.Instance, AbandonAfter = TimeSpan.FromSeconds(1) }, 4, WorkerJail.Required, Guid.NewGuid().ToString("N"))),
            context,
            "q",
            0,
            new EchoScriptHost(),
            ownsLease: true)
        {
            KillGrace = TimeSpan.FromSeconds(1),
        };

    private async Task<RlmContext> LoadAsync()
    {
        var path = Path.Combine(_folder, "big.txt");
        await File.WriteAllTextAsync(path, string.Concat(Enumerable.Range(0, 20_000).Select(i => $"line {i}: grüße, naïve café {i * 7}\n")), Ct);
        return await ContextLoader.LoadAsync([path], new ContextLoadOptions(), standardInput: null, Ct);
    }
}
