namespace Rlm.Roslyn.Python;

/// <summary>
/// Where python.wasm and its stdlib are, and the limits every Python session runs under. Every value has a
/// documented default; <see cref="Validate"/> checks them once.
/// </summary>
public sealed record PythonOptions
{
    /// <summary>The environment variable naming python.wasm, used when <see cref="WasmPath"/> is null.</summary>
    public const string WasmPathVariable = "RLM_PYTHON_WASM";

    /// <summary>The environment variable naming the stdlib folder, used when <see cref="StdlibPath"/> is null.</summary>
    public const string StdlibPathVariable = "RLM_PYTHON_STDLIB";

    /// <summary>The environment variable naming the cache folder sandbox/python/build.sh writes to.</summary>
    public const string CacheVariable = "RLM_PYTHON_CACHE";

    /// <summary>
    /// python.wasm (a CPython 3.11 WASI build with the <c>_rlm</c> module built in; see sandbox/python/build.sh).
    /// Default null: <c>$RLM_PYTHON_WASM</c>, else <c>$RLM_PYTHON_CACHE/current/python.wasm</c>, else
    /// <c>~/.cache/rlm-python/current/python.wasm</c> (where build.sh puts it).
    /// </summary>
    public string? WasmPath { get; init; }

    /// <summary>
    /// The folder mounted read-only at /usr/local/lib in the guest (it holds python311.zip). Default null:
    /// <c>$RLM_PYTHON_STDLIB</c>, else the <c>lib</c> folder next to python.wasm.
    /// </summary>
    public string? StdlibPath { get; init; }

    /// <summary>
    /// Where compiled modules are kept between processes, one file per python.wasm hash, engine settings and
    /// Wasmtime version. Default null: <c>modules/</c> under <c>$RLM_PYTHON_CACHE</c> or <c>~/.cache/rlm-python</c>.
    /// </summary>
    public string? ModuleCachePath { get; init; }

    /// <summary>The most linear memory one interpreter may grow to; past it Python raises MemoryError. Default 1 GiB.</summary>
    public long MemoryLimitBytes { get; init; } = 1L << 30;

    /// <summary>
    /// The native stack WebAssembly may use (C frames of the interpreter live there). Wasmtime allows at most
    /// 2 MiB (its async stack size); running out traps and restarts the session, so <see cref="RecursionLimit"/>
    /// is set to raise RecursionError well before. Default 2 MiB.
    /// </summary>
    public int WasmStackBytes { get; init; } = MaxWasmStackBytes;

    /// <summary>The largest <see cref="WasmStackBytes"/> Wasmtime accepts: 2 MiB.</summary>
    public const int MaxWasmStackBytes = 2 << 20;

    /// <summary>Python's recursion limit in the guest (<c>sys.setrecursionlimit</c>). Default 1,000 (CPython's own).</summary>
    public int RecursionLimit { get; init; } = 1_000;

    /// <summary>Chars of output one block may print; the rest is dropped and counted. Default 1,000,000.</summary>
    public int MaxOutputChars { get; init; } = 1_000_000;

    /// <summary>How long the interpreter may take to start and load the context. Default 60 seconds.</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often running guest code checks its deadline and cancellation (the epoch tick). Default 10 ms.</summary>
    public TimeSpan DeadlineCheckInterval { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for the first value out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MemoryLimitBytes, 64L << 20, nameof(MemoryLimitBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(WasmStackBytes, 512 << 10, nameof(WasmStackBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(WasmStackBytes, MaxWasmStackBytes, nameof(WasmStackBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(RecursionLimit, 50, nameof(RecursionLimit));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxOutputChars, 1_000, nameof(MaxOutputChars));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(StartupTimeout, TimeSpan.Zero, nameof(StartupTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(DeadlineCheckInterval, TimeSpan.FromMilliseconds(1), nameof(DeadlineCheckInterval));
    }

    /// <summary>The cache folder of sandbox/python/build.sh: <c>$RLM_PYTHON_CACHE</c>, else <c>~/.cache/rlm-python</c>.</summary>
    public static string DefaultCacheFolder =>
        Environment.GetEnvironmentVariable(CacheVariable) is { Length: > 0 } cache
            ? cache
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "rlm-python");

    internal string ResolveWasmPath() =>
        WasmPath
        ?? (Environment.GetEnvironmentVariable(WasmPathVariable) is { Length: > 0 } fromEnv ? fromEnv : null)
        ?? Path.Combine(DefaultCacheFolder, "current", "python.wasm");

    internal string ResolveStdlibPath(string wasmPath) =>
        StdlibPath
        ?? (Environment.GetEnvironmentVariable(StdlibPathVariable) is { Length: > 0 } fromEnv ? fromEnv : null)
        ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(wasmPath))!, "lib");

    internal string ResolveModuleCachePath() => ModuleCachePath ?? Path.Combine(DefaultCacheFolder, "modules");
}
