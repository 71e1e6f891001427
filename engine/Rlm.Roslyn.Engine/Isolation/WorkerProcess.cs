using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Rlm.Roslyn;

/// <summary>
/// The parent's end of one worker: the process, the channel, the operations waiting for their results, and the
/// sub-calls it serves for the worker's snippets, each through the <see cref="IScriptHost"/> of the session that made it. One loop reads every frame;
/// a sub-call is started on that loop (so calls take their paths in the order they came) and answered when it ends, so
/// the calls of a batch run concurrently. When the channel ends or carries anything malformed, the worker is ended and
/// every waiting operation fails with an <see cref="IOException"/>.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private const int ContextChunkChars = 1 << 19;
    private const int StderrLinesKept = 32;

    private readonly Process _process;
    private readonly WorkerPipe _pipe;
    private readonly ConcurrentDictionary<int, IScriptHost> _hosts = new();
    private readonly SafeFileHandle? _handoff;

    // A descriptor handed over and the Open frame it belongs to go out together, so the worker pairs them in order.
    private readonly SemaphoreSlim _openGate = new(1, 1);
    private readonly ConcurrentDictionary<int, TaskCompletionSource<WorkerFrame>> _pending = new();
    private readonly ConcurrentDictionary<int, CancellationTokenSource> _calls = new();
    private readonly CancellationTokenSource _life = new();
    private readonly Queue<string> _stderr = new();
    private readonly Task _reading;
    private int _nextId;
    private volatile bool _ended;
    private volatile bool _killed;
    private int _disposed;
    private volatile string? _violation;

    private WorkerProcess(Process process, SafeFileHandle? handoff)
    {
        _process = process;
        _handoff = handoff;
        _pipe = new WorkerPipe(process.StandardOutput.BaseStream, process.StandardInput.BaseStream, WorkerServer.MaxPayloadBytes);
        process.ErrorDataReceived += (_, e) => KeepStderr(e.Data);
        process.BeginErrorReadLine();
        _pending[0] = new TaskCompletionSource<WorkerFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        _reading = Task.Run(ReadAsync);
    }

    /// <summary>The process id of what was started: the worker itself, or in a jail the jail's outer process (the worker is a descendant, with its own PID namespace).</summary>
    public int ProcessId => _process.Id;

    /// <summary>How long a worker may take to start and warm up.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    /// <summary>True once the worker was killed or the channel ended: it exited, was killed, or broke the protocol.</summary>
    public bool HasEnded => _ended || _killed;

    /// <summary>Starts a worker and sends it the shared settings; returns once it is warm (its compiler has run a block).</summary>
    /// <param name="hello">The settings every session in the worker shares.</param>
    /// <param name="jail">Whether it runs in its jail.</param>
    /// <param name="heapHardLimitBytes">The worker's GC heap hard limit (0: the runtime's default).</param>
    /// <param name="cancellationToken">Stops the wait (the worker is then ended).</param>
    /// <exception cref="IOException">The worker ended before it was ready (the message says how).</exception>
    public static async Task<WorkerProcess> StartAsync(WorkerHello hello, WorkerJail jail, long heapHardLimitBytes, CancellationToken cancellationToken)
    {
        var (process, handoff) = await WorkerLauncher.StartAsync(jail, heapHardLimitBytes).ConfigureAwait(false);
        var worker = new WorkerProcess(process, handoff);
        try
        {
            var ready = worker._pending[0].Task;
            await worker._pipe.WriteAsync(WorkerFrameKind.Hello, 0, w => WorkerCodec.Write(w, hello), cancellationToken).ConfigureAwait(false);
            await ready.WaitAsync(cancellationToken).ConfigureAwait(false);
            return worker;
        }
        catch (IOException)
        {
            var cause = await worker.DescribeEndAsync().ConfigureAwait(false);
            worker.Dispose();
            throw new IOException($"The worker process ended while starting ({cause}).");
        }
        catch
        {
            worker.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens a session over <paramref name="context"/> in the worker, whose sub-calls <paramref name="host"/> serves here,
    /// and returns its id once the worker has the context.
    /// </summary>
    /// <exception cref="IOException">The worker ended first.</exception>
    public async Task<int> OpenSessionAsync(RlmContext context, string query, int depth, IScriptHost host, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var ready = new TaskCompletionSource<WorkerFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = ready;
        _hosts[id] = host;
        try
        {
            if (_ended)
            {
                throw Ended();
            }

            if (_handoff is not null && context.Shared is { Memory.FileHandle: { } memfd } shared)
            {
                // Zero-copy: the worker maps the same sealed pages read-only.
                await _openGate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    ContextHandoff.Send(_handoff, memfd, id);
                    var setup = WorkerSessionSetup.For(context, query, depth, shared.Start);
                    await _pipe.WriteAsync(WorkerFrameKind.Open, id, w => WorkerCodec.Write(w, setup), CancellationToken.None).ConfigureAwait(false);
                }
                finally
                {
                    _openGate.Release();
                }
            }
            else
            {
                var setup = WorkerSessionSetup.For(context, query, depth);
                await _pipe.WriteAsync(WorkerFrameKind.Open, id, w => WorkerCodec.Write(w, setup), cancellationToken).ConfigureAwait(false);
                for (var offset = 0; offset < context.Length; offset += ContextChunkChars)
                {
                    // Streamed in pieces straight from the buffer: no copy of a large context as one string or frame.
                    var (start, length) = (offset, Math.Min(ContextChunkChars, context.Length - offset));
                    await _pipe.WriteAsync(WorkerFrameKind.ContextChunk, id, w => w.Write(MemoryMarshal.AsBytes(context.Text.Span.Slice(start, length))), cancellationToken).ConfigureAwait(false);
                }
            }

            var frame = await ready.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return frame.Kind == WorkerFrameKind.Ready ? id : throw new InvalidDataException($"the worker answered an Open with {frame.Kind}");
        }
        catch
        {
            _pending.TryRemove(id, out _);
            _hosts.TryRemove(id, out _);
            throw;
        }
    }

    /// <summary>Closes session <paramref name="id"/>: its variables are dropped and its sub-calls no longer served.</summary>
    public void CloseSession(int id)
    {
        if (_hosts.TryRemove(id, out _))
        {
            _ = SendAsync(WorkerFrameKind.Close, id, null);
        }
    }

    /// <summary>How many run trees hold this worker (kept by <see cref="WorkerPool"/>).</summary>
    public int Tenants { get; set; }

    /// <summary>Sends an operation; the task ends with its reply (a result or a cancellation), or an <see cref="IOException"/> when the worker ends first.</summary>
    public (int Id, Task<WorkerFrame> Reply) Begin(WorkerFrameKind kind, Action<BinaryWriter> body)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<WorkerFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        if (_ended)
        {
            reply.TrySetException(Ended());
        }

        _ = SendAsync(kind, id, body);
        return (id, reply.Task);
    }

    /// <summary>Asks the worker to cancel operation <paramref name="id"/>.</summary>
    public void Cancel(int id) => _ = SendAsync(WorkerFrameKind.Cancel, id, null);

    /// <summary>Ends the worker now (a stuck block, a broken protocol, the session's end).</summary>
    public void Kill()
    {
        _killed = true;
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // Already gone.
        }
    }

    /// <summary>How the worker ended: exit code or signal, the last line it wrote to stderr, or the protocol it broke.</summary>
    public async Task<string> DescribeEndAsync()
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Kill();
            return "it stopped answering and was ended";
        }

        var code = _process.ExitCode;
        var how = !OperatingSystem.IsWindows() && code > 128 ? $"signal {code - 128}{SignalName(code - 128)}" : $"exit code {code}";
        var parts = new List<string> { how };
        if (_violation is { } violation)
        {
            parts.Add($"it broke the protocol: {violation}");
        }

        if (LastStderrLine() is { } line)
        {
            parts.Add($"last error output: \"{line}\"");
        }

        return string.Join("; ", parts);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Kill();
        _life.Cancel();
        _pipe.Dispose();
        _handoff?.Dispose();
        _process.Dispose();
        _life.Dispose();
    }

    private static IOException Ended() => new("The worker process ended.");

    private static string SignalName(int signal) => signal switch
    {
        6 => ", SIGABRT",
        9 => ", SIGKILL",
        11 => ", SIGSEGV",
        15 => ", SIGTERM",
        _ => string.Empty,
    };

    private async Task SendAsync(WorkerFrameKind kind, int id, Action<BinaryWriter>? body)
    {
        try
        {
            await _pipe.WriteAsync(kind, id, body).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The worker is gone: the reading loop sees the end and fails what waits.
        }
    }

    private async Task ReadAsync()
    {
        try
        {
            while (await _pipe.ReadAsync(_life.Token).ConfigureAwait(false) is { } frame)
            {
                switch (frame.Kind)
                {
                    case WorkerFrameKind.Ready or WorkerFrameKind.Result or WorkerFrameKind.Cancelled:
                        // A late reply to an operation given up on is dropped.
                        if (_pending.TryRemove(frame.Id, out var waiting))
                        {
                            waiting.TrySetResult(frame);
                        }

                        break;
                    case WorkerFrameKind.SubCall:
                        Serve(frame);
                        break;
                    case WorkerFrameKind.SubCallCancel:
                        if (_calls.TryGetValue(frame.Id, out var call))
                        {
                            await call.CancelAsync().ConfigureAwait(false);
                        }

                        break;
                    default:
                        throw new InvalidDataException($"the worker sent a {frame.Kind} frame");
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
        {
            // Whatever wrote this is not the worker's protocol writer: nothing more it says can be trusted.
            _violation = ex.Message;
            Kill();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The channel closed.
        }
        finally
        {
            _ended = true;
            foreach (var id in _pending.Keys)
            {
                if (_pending.TryRemove(id, out var waiting))
                {
                    waiting.TrySetException(Ended());
                }
            }

            try
            {
                await _life.CancelAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // Disposed already: its calls were cancelled then.
            }
        }
    }

    /// <summary>Starts a snippet's sub-call through the run's host and answers it when it ends.</summary>
    private void Serve(WorkerFrame frame)
    {
        string a, b = string.Empty, c = string.Empty;
        WorkerCallKind kind;
        IScriptHost? host;
        using (var body = frame.OpenBody())
        {
            var session = body.ReadInt32();
            if (!_hosts.TryGetValue(session, out host))
            {
                // A session closed meanwhile (its block was given up on) is refused, never served by another session's host.
                _ = SendAsync(WorkerFrameKind.SubCallReply, frame.Id, w =>
                {
                    w.Write((byte)WorkerReplyStatus.Failed);
                    w.Write("The session was closed.");
                });
                return;
            }

            kind = (WorkerCallKind)body.ReadByte();
            a = body.ReadString();
            if (kind == WorkerCallKind.Recurse)
            {
                (b, c) = (body.ReadString(), body.ReadString());
            }
        }

        var cancel = CancellationTokenSource.CreateLinkedTokenSource(_life.Token);
        if (!_calls.TryAdd(frame.Id, cancel))
        {
            cancel.Dispose();
            throw new InvalidDataException($"the worker reused sub-call id {frame.Id}");
        }

        Task<string> call;
        try
        {
            call = kind switch
            {
                WorkerCallKind.Llm => host.LlmAsync(a, cancel.Token),
                WorkerCallKind.Recurse => host.RecurseAsync(a, RlmContext.FromString(c, b), cancel.Token),
                WorkerCallKind.Python => host.PythonAsync(a, cancel.Token),
                _ => throw new InvalidDataException($"unknown sub-call kind {(byte)kind}"),
            };
        }
        catch (Exception ex) when (ex is not InvalidDataException)
        {
            call = Task.FromException<string>(ex);
        }

        _ = AnswerAsync(frame.Id, call, cancel);
    }

    private async Task AnswerAsync(int id, Task<string> call, CancellationTokenSource cancel)
    {
        WorkerReplyStatus status;
        string text;
        try
        {
            (status, text) = (WorkerReplyStatus.Answered, await call.ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            (status, text) = (WorkerReplyStatus.Cancelled, string.Empty);
        }
        catch (Exception ex)
        {
            // What the call threw in process (Python not configured...) the snippet sees as an exception with its message.
            (status, text) = (WorkerReplyStatus.Failed, ex.Message);
        }
        finally
        {
            _calls.TryRemove(id, out _);
            cancel.Dispose();
        }

        await SendAsync(WorkerFrameKind.SubCallReply, id, w =>
        {
            w.Write((byte)status);
            w.Write(text);
        }).ConfigureAwait(false);
    }

    private void KeepStderr(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_stderr)
        {
            _stderr.Enqueue(line.Length <= 300 ? line : line[..300] + "…");
            if (_stderr.Count > StderrLinesKept)
            {
                _stderr.Dequeue();
            }
        }
    }

    /// <summary>The last line that is not a stack frame ("Process terminated. ...", "Stack overflow."), else the last line.</summary>
    private string? LastStderrLine()
    {
        lock (_stderr)
        {
            var lines = _stderr.Where(l => l.Trim().Length > 0).ToList();
            return lines.LastOrDefault(l => !char.IsWhiteSpace(l[0]) && !l.StartsWith("---", StringComparison.Ordinal) && !l.StartsWith("Repeat ", StringComparison.Ordinal))
                ?? lines.LastOrDefault();
        }
    }
}
