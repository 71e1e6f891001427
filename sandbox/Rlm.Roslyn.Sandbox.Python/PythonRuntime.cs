using System.Diagnostics;
using Wasmtime;

namespace Rlm.Roslyn.Python;

/// <summary>
/// CPython on WASI, ready to start sessions: one Wasmtime engine, python.wasm compiled once (or loaded from the
/// module cache), the host imports and an epoch ticker. Create one per process and share it; each session gets
/// its own store, interpreter and limits. Pass it as <see cref="RlmOptions.PythonSessions"/>.
/// </summary>
public sealed class PythonRuntime : ICodeSessionFactory, IDisposable
{
    private readonly EpochTicker _ticker;

    /// <summary>Loads python.wasm and its stdlib as <paramref name="options"/> says.</summary>
    /// <param name="options">Paths and limits; null uses the defaults.</param>
    /// <exception cref="FileNotFoundException">python.wasm or the stdlib is missing; the message says how to build them.</exception>
    public PythonRuntime(PythonOptions? options = null)
    {
        Options = options ?? new PythonOptions();
        Options.Validate();
        WasmPath = Path.GetFullPath(Options.ResolveWasmPath());
        StdlibPath = Path.GetFullPath(Options.ResolveStdlibPath(WasmPath));
        if (!File.Exists(WasmPath))
        {
            throw new FileNotFoundException($"python.wasm not found at {WasmPath}. Build it with sandbox/python/build.sh, or point {PythonOptions.WasmPathVariable} at a CPython 3.11 WASI build that has the _rlm module.", WasmPath);
        }

        if (!File.Exists(Path.Combine(StdlibPath, "python311.zip")) && !Directory.Exists(Path.Combine(StdlibPath, "python3.11")))
        {
            throw new FileNotFoundException($"The Python stdlib (python311.zip or python3.11/) was not found in {StdlibPath}. Build it with sandbox/python/build.sh, or point {PythonOptions.StdlibPathVariable} at it.", StdlibPath);
        }

        var clock = Stopwatch.StartNew();
        Engine = new Engine(new Config()
            .WithEpochInterruption(true)
            .WithMaximumStackSize(Options.WasmStackBytes));
        Module = ModuleCache.Load(Engine, WasmPath, $"epoch;stack={Options.WasmStackBytes}", Options.ResolveModuleCachePath(), out var fromCache);
        ModuleFromCache = fromCache;
        LoadTime = clock.Elapsed;

        Linker = new Linker(Engine);
        Linker.DefineWasi();
        WasiClockShims.Define(Linker);
        Linker.DefineFunction("rlm", "call", (CallerFunc<int, int, int, int>)((caller, op, pointer, length) => ((GuestInstance)caller.GetData()!).Call(caller, op, pointer, length)));
        Linker.DefineFunction("rlm", "next", (CallerFunc<int, int, int, int>)((caller, start, pointer, length) => ((GuestInstance)caller.GetData()!).Next(caller, start, pointer, length)));
        Linker.DefineFunction("rlm", "take", (CallerAction<int, int>)((caller, pointer, length) => ((GuestInstance)caller.GetData()!).Take(caller, pointer, length)));

        using (var driver = typeof(PythonRuntime).Assembly.GetManifestResourceStream("Rlm.Roslyn.Python.driver.py")!)
        using (var reader = new StreamReader(driver))
        {
            Driver = reader.ReadToEnd();
        }

        _ticker = new EpochTicker(Engine, Options.DeadlineCheckInterval);
    }

    /// <summary>The options this runtime was created with.</summary>
    public PythonOptions Options { get; }

    /// <summary>The python.wasm in use (full path).</summary>
    public string WasmPath { get; }

    /// <summary>The stdlib folder mounted read-only at /usr/local/lib (full path).</summary>
    public string StdlibPath { get; }

    /// <summary>Whether the compiled module came from the module cache (false: compiled now, then cached).</summary>
    public bool ModuleFromCache { get; }

    /// <summary>How long compiling or loading the module took.</summary>
    public TimeSpan LoadTime { get; }

    internal Engine Engine { get; }

    internal Module Module { get; }

    internal Linker Linker { get; }

    internal string Driver { get; }

    /// <summary>Starts a Python session over <paramref name="setup"/>'s context (the interpreter starts with the first block).</summary>
    /// <param name="setup">The context, the question and the callbacks for sub-LM calls.</param>
    public ICodeSession Create(CodeSessionSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        return new PythonSession(this, setup);
    }

    /// <summary>Stops the epoch ticker and frees the engine; dispose the sessions first.</summary>
    public void Dispose()
    {
        _ticker.Dispose();
        Linker.Dispose();
        Module.Dispose();
        Engine.Dispose();
    }
}
