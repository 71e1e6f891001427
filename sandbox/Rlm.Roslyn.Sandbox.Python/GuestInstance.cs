using System.Collections.Concurrent;
using System.Text;
using Wasmtime;

namespace Rlm.Roslyn.Python;

/// <summary>
/// One live interpreter: a Wasmtime store running python.wasm's <c>_start</c> on a dedicated thread. The guest
/// runs Guest/driver.py, whose loop (<c>_rlm.serve</c>, in C) blocks in the <c>rlm.next</c> host import until
/// <see cref="SendAsync"/> hands it a command, and answers it with its next <c>rlm.next</c> once the command has
/// returned. Sub-LM requests arrive as <c>rlm.call</c>s and are served on the guest's thread. A trap (deadline,
/// cancellation, crash) ends the interpreter for good.
/// </summary>
internal sealed class GuestInstance : IDisposable
{
    private readonly PythonRuntime _runtime;
    private readonly CodeSessionSetup _setup;
    private readonly OutputCapture _output;
    private readonly Store _store;
    private readonly Thread _thread;
    private readonly BlockingCollection<byte[]> _commands = new(1);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _disposed = new();
    private TaskCompletionSource<byte[]?>? _pending;
    private byte[] _response = [];
    private volatile CancellationTokenSource? _block;
    private volatile string? _exitReason;
    private volatile bool _stopRequested;
    private bool _serving;

    public GuestInstance(PythonRuntime runtime, CodeSessionSetup setup, string contextFolder, OutputCapture output)
    {
        _runtime = runtime;
        _setup = setup;
        _output = output;
        var options = runtime.Options;
        _store = new Store(runtime.Engine, this);
        _store.SetLimits(memorySize: options.MemoryLimitBytes, tableElements: 1_000_000, instances: 2, tables: 4, memories: 2);
        _store.SetWasiConfiguration(new WasiConfiguration()
            .WithArgs("python", "-S", "-B", "-X", "utf8", "-c", runtime.Driver)
            .WithEnvironmentVariable("RLM_QUERY", setup.Query)
            .WithEnvironmentVariable("RLM_RECURSION_LIMIT", options.RecursionLimit.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithPreopenedDirectory(runtime.StdlibPath, "/usr/local/lib", false)
            .WithPreopenedDirectory(contextFolder, "/context", false)
            .WithStandardOutputCallback(output.Append)
            .WithStandardErrorCallback(output.Append));
        _store.SetEpochDeadline(1);
        _store.SetEpochDeadlineCallback(static store => ((GuestInstance)store.GetData()!).OnEpoch());
        _thread = new Thread(Run, options.WasmStackBytes + (8 << 20)) { IsBackground = true, Name = "rlm-python" };
    }

    /// <summary>Why the interpreter ended, once it has.</summary>
    public string? ExitReason => _exitReason;

    /// <summary>Whether the interpreter has ended (it cannot run anything more).</summary>
    public bool HasExited => _exitReason is not null;

    /// <summary>Whether the last stop was asked for (deadline, cancellation) rather than a crash.</summary>
    public bool StopRequested => _stopRequested;

    /// <summary>Starts the interpreter and waits until the driver asks for its first command.</summary>
    public async Task<bool> StartAsync(CancellationToken cancellationToken)
    {
        using var startup = BeginBlock(_runtime.Options.StartupTimeout, cancellationToken);
        _thread.Start();
        await _ready.Task.ConfigureAwait(false);
        _block = null;
        return !HasExited;
    }

    /// <summary>Hands the driver one command and waits for its reply; null when the interpreter ended instead.</summary>
    public async Task<byte[]?> SendAsync(byte[] command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (HasExited)
        {
            return null;
        }

        using var block = BeginBlock(timeout, cancellationToken);
        var pending = new TaskCompletionSource<byte[]?>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _pending, pending);
        if (HasExited)
        {
            // Ended between the check above and publishing the pending reply: nobody else will complete it.
            pending.TrySetResult(null);
        }
        else
        {
            _commands.Add(command, CancellationToken.None);
        }

        try
        {
            return await pending.Task.ConfigureAwait(false);
        }
        finally
        {
            _block = null;
        }
    }

    /// <summary>Sleeps for the guest (<c>poll_oneoff</c>), no longer than its block may run.</summary>
    public void Sleep(TimeSpan duration)
    {
        var token = _block?.Token ?? _disposed.Token;
        if (token.WaitHandle.WaitOne(duration) || token.IsCancellationRequested)
        {
            _stopRequested = true;
            throw new GuestStopException("The block's time limit passed while it slept.");
        }
    }

    private CancellationTokenSource BeginBlock(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var block = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        block.CancelAfter(timeout);
        _block = block;
        return block;
    }

    private ulong OnEpoch()
    {
        if (_block is { IsCancellationRequested: true } || _disposed.IsCancellationRequested)
        {
            _stopRequested = true;
            throw new GuestStopException("The block's time limit passed.");
        }

        return 1;
    }

    private void Run()
    {
        try
        {
            var instance = _runtime.Linker.Instantiate(_store, _runtime.Module);
            var start = instance.GetAction("_start") ?? throw new InvalidOperationException("python.wasm has no _start export.");
            start();
            _exitReason = "The interpreter exited.";
        }
        catch (Exception ex)
        {
            _exitReason = Describe(ex);
        }
        finally
        {
            _ready.TrySetResult();
            Volatile.Read(ref _pending)?.TrySetResult(null);
        }
    }

    private static string Describe(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is GuestStopException)
            {
                return e.Message;
            }
        }

        // WASI's proc_exit surfaces as an exception carrying the exit status.
        var message = ex.Message.Split('\n')[0].Trim();
        return message.Length == 0 ? ex.GetType().Name : message;
    }

    /// <summary>
    /// The <c>rlm.next</c> host import, called only by the C loop in <c>_rlm.serve</c>: hand over the reply to the
    /// last command (none on the first call, <paramref name="start"/> = 1) and wait for the next command, kept for
    /// <c>rlm.take</c>. Python cannot call it but through <c>serve</c>, and a second <c>serve</c> (a block starting a
    /// loop of its own to answer commands in the driver's place) is refused here.
    /// </summary>
    internal int Next(Caller caller, int start, int pointer, int length)
    {
        byte[]? reply = null;
        if (start != 0)
        {
            if (_serving)
            {
                return Refuse("the driver's loop is already running; blocks may only make sub-calls");
            }

            _serving = true;
        }
        else if (!_serving)
        {
            return Refuse("no driver loop is running");
        }
        else
        {
            var memory = caller.GetMemory("memory") ?? throw new GuestStopException("The guest has no memory export.");
            reply = memory.GetSpan(pointer, length).ToArray();
        }

        _response = NextCommand(reply);
        return _response.Length;
    }

    /// <summary>The <c>rlm.call</c> host import: serve one sub-call, keep the response for <c>rlm.take</c>.</summary>
    internal int Call(Caller caller, int op, int pointer, int length)
    {
        if (Volatile.Read(ref _pending) is null)
        {
            // Only a command (a block, a variable read) runs code that may ask for sub-calls.
            return Refuse("no block is running");
        }

        var memory = caller.GetMemory("memory") ?? throw new GuestStopException("The guest has no memory export.");
        var data = memory.GetSpan(pointer, length).ToArray();
        string? failure = null;
        try
        {
            _response = (HostOp)op switch
            {
                HostOp.Llm => Encode(Wait(_setup.Host.LlmAsync(Decode(data), BlockToken))),
                HostOp.LlmBatched => Packed.Pack(Wait(_setup.Host.LlmBatchedAsync(Packed.Unpack(data).Select(p => p ?? string.Empty).ToList(), BlockToken))),
                HostOp.Recurse => Encode(Wait(Recurse(data))),
                _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Not a sub-call (1 llm, 2 llm batch, 3 rlm); a block cannot end itself or answer for the driver."),
            };
        }
        catch (OperationCanceledException)
        {
            failure = "the block's time limit passed (or the run was cancelled) during the call";
        }
        catch (Exception ex) when (ex is not GuestStopException)
        {
            // A failing sub-call is the guest's to handle (a RuntimeError), not a reason to end the interpreter.
            failure = $"{ex.GetType().Name}: {ex.Message}";
        }

        return failure is null ? _response.Length : Refuse(failure);
    }

    /// <summary>Keeps <paramref name="message"/> as the response and returns the length code that makes the guest raise it.</summary>
    private int Refuse(string message)
    {
        _response = Encode(message);
        return -_response.Length - 1;
    }

    /// <summary>The <c>rlm.take</c> host import: copy the kept response into the guest's buffer.</summary>
    internal void Take(Caller caller, int pointer, int length)
    {
        var memory = caller.GetMemory("memory") ?? throw new GuestStopException("The guest has no memory export.");
        _response.AsSpan(0, Math.Min(length, _response.Length)).CopyTo(memory.GetSpan(pointer, length));
        _response = [];
    }

    private byte[] NextCommand(byte[]? reply)
    {
        var pending = Interlocked.Exchange(ref _pending, null);
        if (pending is null)
        {
            _ready.TrySetResult();
        }
        else
        {
            pending.TrySetResult(reply);
        }

        try
        {
            return _commands.Take(_disposed.Token);
        }
        catch (OperationCanceledException ex)
        {
            _stopRequested = true;
            throw new GuestStopException("The session was disposed.", ex);
        }
    }

    private Task<string> Recurse(byte[] data)
    {
        var fields = Packed.Unpack(data);
        if (fields.Count != 2)
        {
            throw new FormatException("rlm_query needs a query and a context.");
        }

        return _setup.Host.RecurseAsync(fields[0] ?? string.Empty, fields[1] ?? string.Empty, BlockToken);
    }

    private CancellationToken BlockToken => _block?.Token ?? _disposed.Token;

    private static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();

    private static string Decode(byte[] data) => Encoding.UTF8.GetString(data);

    private static byte[] Encode(string text) => Encoding.UTF8.GetBytes(text);

    public void Dispose()
    {
        _disposed.Cancel();
        if (_thread.IsAlive && !_thread.Join(TimeSpan.FromSeconds(10)))
        {
            // Stuck in a host call that ignores cancellation: leave the store to the finalizer rather than free it under the guest.
            return;
        }

        _store.Dispose();
        _commands.Dispose();
        _disposed.Dispose();
    }
}
