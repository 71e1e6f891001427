using BenchmarkDotNet.Attributes;
using Rlm.Roslyn.Python;

namespace Rlm.Roslyn.Benchmarks;

/// <summary>
/// Python on WASI (issue 5). Warm: one block in a session that is already running (targets: trivial block
/// median 5 ms or less). Cold: a new runtime whose compiled module comes from the module cache, a new session
/// and its first block (target 100 ms or less). The baseline is the host/guest handoff alone (a variable lookup:
/// no code compiled or run). python.wasm is found as the engine finds it (RLM_PYTHON_WASM, else the build cache).
/// </summary>
[MemoryDiagnoser]
public class PythonBenchmarks
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly NoLmCodeHost _host = new();
    private PythonRuntime _runtime = null!;
    private ICodeSession _session = null!;

    [GlobalSetup]
    public void Setup()
    {
        // Compiles python.wasm into the module cache if it is not there yet, so Cold measures the cached path.
        _runtime = new PythonRuntime();
        _session = _runtime.Create(new CodeSessionSetup(RlmContext.FromString(BenchmarkText), "q", _host));
        _session.RunAsync("x = 0", Limit).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _session.Dispose();
        _runtime.Dispose();
    }

    [Benchmark(Baseline = true, Description = "warm: handoff only (variable lookup)")]
    public Task<CodeRunResult> Handoff() => _session.ReadVariableAsync("x", Limit);

    [Benchmark(Description = "warm: trivial block (x = x + 1)")]
    public Task<CodeRunResult> TrivialBlock() => _session.RunAsync("x = x + 1", Limit);

    [Benchmark(Description = "warm: small block (print a sum)")]
    public Task<CodeRunResult> PrintBlock() => _session.RunAsync("print(sum(range(1000)))", Limit);

    [Benchmark(Description = "warm: llm_query round trip (no LM)")]
    public Task<CodeRunResult> LlmQueryBlock() => _session.RunAsync("r = llm_query('ping')", Limit);

    [Benchmark(Description = "cold: cached module + new session + first block")]
    public async Task<CodeRunResult> ColdStart()
    {
        using var runtime = new PythonRuntime();
        using var session = runtime.Create(new CodeSessionSetup(RlmContext.FromString(BenchmarkText), "q", _host));
        return await session.RunAsync("pass", Limit).ConfigureAwait(false);
    }

    [Benchmark(Description = "cold: new session + first block (runtime shared)")]
    public async Task<CodeRunResult> NewSession()
    {
        using var session = _runtime.Create(new CodeSessionSetup(RlmContext.FromString(BenchmarkText), "q", _host));
        return await session.RunAsync("pass", Limit).ConfigureAwait(false);
    }

    private const string BenchmarkText = "line one\nline two\nline three\n";

    private sealed class NoLmCodeHost : ICodeSessionHost
    {
        public Task<string> LlmAsync(string prompt, CancellationToken cancellationToken) => Task.FromResult("pong");

        public Task<string[]> LlmBatchedAsync(IReadOnlyList<string> prompts, CancellationToken cancellationToken) =>
            Task.FromResult(prompts.Select(_ => "pong").ToArray());

        public Task<string> RecurseAsync(string query, string context, CancellationToken cancellationToken) => Task.FromResult("child");
    }
}
