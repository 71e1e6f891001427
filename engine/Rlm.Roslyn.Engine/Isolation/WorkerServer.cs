using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Rlm.Roslyn;

/// <summary>
/// The worker process's side (<c>Rlm.Roslyn.Worker</c> calls <see cref="RunAsync"/>): takes the protocol channel off the
/// console, reads the settings and the context once, opens a <see cref="CSharpCodeSession"/> over them and serves the
/// parent's operations, one block at a time, while one loop reads frames (so sub-call replies and cancellations come in
/// while a block runs). Ends when the parent closes the channel.
/// </summary>
internal sealed class WorkerServer
{
    /// <summary>The longest frame either side accepts (a block's output, a child's context).</summary>
    public const int MaxPayloadBytes = 1 << 30;

    private readonly WorkerPipe _pipe;
    private readonly CSharpCodeSession _session;
    private readonly WorkerScriptHost _host;
    private readonly ConcurrentDictionary<int, CancellationTokenSource> _operations = new();

    private WorkerServer(WorkerPipe pipe, CSharpCodeSession session, WorkerScriptHost host) => (_pipe, _session, _host) = (pipe, session, host);

    /// <summary>The worker's main: 0 when the parent closed the channel, 2 when it spoke out of turn.</summary>
    public static async Task<int> RunAsync()
    {
        var (input, output) = WorkerStdio.TakeProtocolStreams();
        using var pipe = new WorkerPipe(input, output, MaxPayloadBytes);
        if (await pipe.ReadAsync().ConfigureAwait(false) is not { Kind: WorkerFrameKind.Init } first)
        {
            return 2;
        }

        WorkerInit init;
        using (var body = first.OpenBody())
        {
            init = WorkerCodec.ReadInit(body);
        }

        var culture = CultureInfo.GetCultureInfo(init.Culture);
        var uiCulture = CultureInfo.GetCultureInfo(init.UiCulture);
        (CultureInfo.DefaultThreadCurrentCulture, CultureInfo.DefaultThreadCurrentUICulture) = (culture, uiCulture);
        (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);

        var context = await ReadContextAsync(pipe, init).ConfigureAwait(false);
        var host = new WorkerScriptHost(pipe, init.MaxConcurrency);
        using var session = new CSharpCodeSession(init.Session, () => new RlmGlobals(context, init.Query, init.Depth, host));
        await pipe.WriteAsync(WorkerFrameKind.Ready, 0).ConfigureAwait(false);
        return await new WorkerServer(pipe, session, host).ServeAsync().ConfigureAwait(false);
    }

    private static async Task<RlmContext> ReadContextAsync(WorkerPipe pipe, WorkerInit init)
    {
        var text = new char[init.ContextLength];
        var filled = 0;
        while (filled < text.Length)
        {
            var frame = await pipe.ReadAsync().ConfigureAwait(false) ?? throw new EndOfStreamException("The parent closed the channel inside the context.");
            filled += Append(frame, text, filled);
        }

        var memory = text.AsMemory();
        var documents = init.Documents.Select((d, i) => new Document(i, d.Name, d.Offset, d.Length, memory.Slice(d.Offset, d.Length))).ToList();
        return new RlmContext(memory, documents);
    }

    private static int Append(WorkerFrame frame, char[] text, int filled)
    {
        var bytes = frame.Body;
        if (frame.Kind != WorkerFrameKind.ContextChunk || bytes.Length % 2 != 0 || bytes.Length / 2 > text.Length - filled)
        {
            throw new InvalidDataException("A context chunk does not fit the announced context.");
        }

        bytes.CopyTo(MemoryMarshal.AsBytes(text.AsSpan(filled)));
        return bytes.Length / 2;
    }

    private async Task<int> ServeAsync()
    {
        while (await _pipe.ReadAsync().ConfigureAwait(false) is { } frame)
        {
            switch (frame.Kind)
            {
                case WorkerFrameKind.Run:
                {
                    using var body = frame.OpenBody();
                    var code = body.ReadString();
                    var timeout = TimeSpan.FromTicks(body.ReadInt64());
                    Start(frame.Id, ct => _session.RunAsync(code, timeout, ct));
                    break;
                }

                case WorkerFrameKind.ReadVariable:
                {
                    using var body = frame.OpenBody();
                    var name = body.ReadString();
                    var timeout = TimeSpan.FromTicks(body.ReadInt64());
                    Start(frame.Id, ct => _session.ReadVariableAsync(name, timeout, ct));
                    break;
                }

                case WorkerFrameKind.DescribeVariables:
                {
                    using var body = frame.OpenBody();
                    var timeout = TimeSpan.FromTicks(body.ReadInt64());
                    Start(frame.Id, ct => _session.DescribeVariablesAsync(timeout, ct));
                    break;
                }

                case WorkerFrameKind.Cancel:
                    if (_operations.TryGetValue(frame.Id, out var operation))
                    {
                        await operation.CancelAsync().ConfigureAwait(false);
                    }

                    break;
                case WorkerFrameKind.SubCallReply:
                    _host.Complete(frame);
                    break;
                default:
                    return 2;
            }
        }

        return 0;
    }

    /// <summary>Runs one operation off the reading loop and sends how it ended.</summary>
    private void Start(int id, Func<CancellationToken, Task<CodeRunResult>> operation)
    {
        var cancel = new CancellationTokenSource();
        _operations[id] = cancel;
        _ = Task.Run(async () =>
        {
            var resetsBefore = _session.Resets;
            try
            {
                var result = await operation(cancel.Token).ConfigureAwait(false);
                await _pipe.WriteAsync(WorkerFrameKind.Result, id, w => WorkerCodec.Write(w, result)).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Whether stopping the block cost the session (it was abandoned): the parent then ends this worker.
                await _pipe.WriteAsync(WorkerFrameKind.Cancelled, id, w => w.Write(_session.Resets != resetsBefore)).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not IOException)
            {
                // A fault of the worker itself, not of the snippet (those are results): still an answer, never a hang.
                var failed = new CodeRunResult { Outcome = SnippetOutcome.RuntimeError, Error = $"The worker failed: {ex.GetType().FullName}: {ex.Message}" };
                await _pipe.WriteAsync(WorkerFrameKind.Result, id, w => WorkerCodec.Write(w, failed)).ConfigureAwait(false);
            }
            finally
            {
                _operations.TryRemove(id, out _);
                cancel.Dispose();
            }
        });
    }
}
