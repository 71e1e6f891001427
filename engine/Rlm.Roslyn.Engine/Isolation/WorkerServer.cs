using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Rlm.Roslyn;

/// <summary>
/// The worker process's side (<c>Rlm.Roslyn.Worker</c> calls <see cref="RunAsync"/>): takes the protocol channel off the
/// console, reads the shared settings, warms the compiler with a throwaway session and says Ready, then opens
/// <see cref="CSharpCodeSession"/>s as the parent asks (each over its own context, one run tree's RLMs share a worker)
/// and serves their operations, while one loop reads frames (so sub-call replies and cancellations come in while
/// blocks run). Ends when the parent closes the channel.
/// </summary>
internal sealed class WorkerServer
{
    /// <summary>The longest frame either side accepts (a block's output, a child's context).</summary>
    public const int MaxPayloadBytes = 1 << 30;

    private readonly WorkerPipe _pipe;
    private readonly WorkerHello _hello;
    private readonly WorkerCalls _calls;
    private readonly ConcurrentDictionary<int, CSharpCodeSession> _sessions = new();
    private readonly ConcurrentDictionary<int, CancellationTokenSource> _operations = new();

    // Sessions whose context is still arriving: touched by the reading loop only.
    private readonly Dictionary<int, (WorkerSessionSetup Setup, char[] Text, int Filled)> _opening = [];

    // This worker's end of the ContextHandoff pair, or -1 (contexts then come in chunks).
    private readonly int _handoff;

    private WorkerServer(WorkerPipe pipe, WorkerHello hello, int handoff) => (_pipe, _hello, _calls, _handoff) = (pipe, hello, new WorkerCalls(pipe), handoff);

    /// <summary>The worker's main: 0 when the parent closed the channel, 2 when it spoke out of turn.</summary>
    public static async Task<int> RunAsync()
    {
        var (input, output) = WorkerStdio.TakeProtocolStreams();
        var handoff = int.TryParse(Environment.GetEnvironmentVariable(ContextHandoff.SocketVariable), CultureInfo.InvariantCulture, out var fd) && fd > 2 ? fd : -1;
        Environment.SetEnvironmentVariable(ContextHandoff.SocketVariable, null);
        using var pipe = new WorkerPipe(input, output, MaxPayloadBytes);
        if (await pipe.ReadAsync().ConfigureAwait(false) is not { Kind: WorkerFrameKind.Hello } first)
        {
            return 2;
        }

        WorkerHello hello;
        using (var body = first.OpenBody())
        {
            hello = WorkerCodec.ReadHello(body);
        }

        // Before anything here builds a Regex (the runtime reads the setting once): a snippet's regex without a timeout
        // gets the parent's default, so a catastrophic pattern fails instead of keeping a thread busy.
        if (hello.RegexTimeout > TimeSpan.Zero && hello.RegexTimeout <= TimeSpan.FromDays(1))
        {
            AppContext.SetData("REGEX_DEFAULT_MATCH_TIMEOUT", hello.RegexTimeout);
        }

        var culture = CultureInfo.GetCultureInfo(hello.Culture);
        var uiCulture = CultureInfo.GetCultureInfo(hello.UiCulture);
        (CultureInfo.DefaultThreadCurrentCulture, CultureInfo.DefaultThreadCurrentUICulture) = (culture, uiCulture);
        (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);

        var server = new WorkerServer(pipe, hello, handoff);
        await server.WarmUpAsync().ConfigureAwait(false);
        await pipe.WriteAsync(WorkerFrameKind.Ready, 0).ConfigureAwait(false);
        try
        {
            return await server.ServeAsync().ConfigureAwait(false);
        }
        finally
        {
            foreach (var session in server._sessions.Values)
            {
                session.Dispose();
            }
        }
    }

    /// <summary>Runs one block through everything a real one takes (policy, compile, load, run, format), so the first block of a session compiles at warm speed.</summary>
    private async Task WarmUpAsync()
    {
        var empty = RlmContext.FromString(string.Empty);
        using var session = new CSharpCodeSession(_hello.Session, () => new RlmGlobals(empty, string.Empty, 0, new WorkerScriptHost(_calls, 0, 1)));
        _ = await session.RunAsync("var __warm = Peek(0, 10).Length + Query.Length;\nPrint(__warm);\n__warm", TimeSpan.FromMinutes(1)).ConfigureAwait(false);
    }

    private async Task<int> ServeAsync()
    {
        while (await _pipe.ReadAsync().ConfigureAwait(false) is { } frame)
        {
            switch (frame.Kind)
            {
                case WorkerFrameKind.Open:
                {
                    WorkerSessionSetup setup;
                    using (var body = frame.OpenBody())
                    {
                        setup = WorkerCodec.ReadSessionSetup(body);
                    }

                    if (_sessions.ContainsKey(frame.Id) || _opening.ContainsKey(frame.Id))
                    {
                        return 2;
                    }

                    if (setup.SharedStart >= 0)
                    {
                        await OpenAsync(frame.Id, setup, MapShared(frame.Id, setup)).ConfigureAwait(false);
                        break;
                    }

                    _opening[frame.Id] = (setup, new char[setup.ContextLength], 0);
                    await OpenIfCompleteAsync(frame.Id).ConfigureAwait(false);
                    break;
                }

                case WorkerFrameKind.ContextChunk:
                    if (!_opening.TryGetValue(frame.Id, out var opening))
                    {
                        return 2;
                    }

                    _opening[frame.Id] = opening with { Filled = opening.Filled + Append(frame, opening.Text, opening.Filled) };
                    await OpenIfCompleteAsync(frame.Id).ConfigureAwait(false);
                    break;
                case WorkerFrameKind.Close:
                    if (_sessions.TryRemove(frame.Id, out var closed))
                    {
                        closed.Dispose();
                    }

                    break;
                case WorkerFrameKind.Run:
                {
                    using var body = frame.OpenBody();
                    var session = body.ReadInt32();
                    var code = body.ReadString();
                    var timeout = TimeSpan.FromTicks(body.ReadInt64());
                    Start(frame.Id, session, (s, ct) => s.RunAsync(code, timeout, ct));
                    break;
                }

                case WorkerFrameKind.ReadVariable:
                {
                    using var body = frame.OpenBody();
                    var session = body.ReadInt32();
                    var name = body.ReadString();
                    var timeout = TimeSpan.FromTicks(body.ReadInt64());
                    Start(frame.Id, session, (s, ct) => s.ReadVariableAsync(name, timeout, ct));
                    break;
                }

                case WorkerFrameKind.DescribeVariables:
                {
                    using var body = frame.OpenBody();
                    var session = body.ReadInt32();
                    var timeout = TimeSpan.FromTicks(body.ReadInt64());
                    Start(frame.Id, session, (s, ct) => s.DescribeVariablesAsync(timeout, ct));
                    break;
                }

                case WorkerFrameKind.Cancel:
                    if (_operations.TryGetValue(frame.Id, out var operation))
                    {
                        await operation.CancelAsync().ConfigureAwait(false);
                    }

                    break;
                case WorkerFrameKind.SubCallReply:
                    _calls.Complete(frame);
                    break;
                default:
                    return 2;
            }
        }

        return 0;
    }

    /// <summary>Opens session <paramref name="id"/> once its whole context is in, and tells the parent.</summary>
    private async Task OpenIfCompleteAsync(int id)
    {
        var (setup, text, filled) = _opening[id];
        if (filled < text.Length)
        {
            return;
        }

        _opening.Remove(id);
        await OpenAsync(id, setup, text.AsMemory()).ConfigureAwait(false);
    }

    /// <summary>The context handed over for session <paramref name="id"/>, mapped read-only (the parent sent its descriptor just before the frame).</summary>
    private ReadOnlyMemory<char> MapShared(int id, WorkerSessionSetup setup)
    {
        if (_handoff < 0 || (long)setup.SharedStart + setup.ContextLength > int.MaxValue)
        {
            throw new InvalidDataException("A shared context came to a worker that cannot take one.");
        }

        var memfd = ContextHandoff.Receive(_handoff, id);
        return SharedText.MapReadOnly(memfd, setup.SharedStart + setup.ContextLength).Slice(setup.SharedStart, setup.ContextLength);
    }

    /// <summary>Opens session <paramref name="id"/> over <paramref name="memory"/> and tells the parent.</summary>
    private async Task OpenAsync(int id, WorkerSessionSetup setup, ReadOnlyMemory<char> memory)
    {
        var documents = setup.Documents.Select((d, i) => new Document(i, d.Name, d.Offset, d.Length, memory.Slice(d.Offset, d.Length))).ToList();
        var context = new RlmContext(memory, documents);
        var host = new WorkerScriptHost(_calls, id, _hello.MaxConcurrency);
        _sessions[id] = new CSharpCodeSession(_hello.Session, () => new RlmGlobals(context, setup.Query, setup.Depth, host));
        await _pipe.WriteAsync(WorkerFrameKind.Ready, id).ConfigureAwait(false);
    }

    private static int Append(WorkerFrame frame, char[] text, int filled)
    {
        var bytes = frame.Body;
        if (bytes.Length % 2 != 0 || bytes.Length / 2 > text.Length - filled)
        {
            throw new InvalidDataException("A context chunk does not fit the announced context.");
        }

        bytes.CopyTo(MemoryMarshal.AsBytes(text.AsSpan(filled)));
        return bytes.Length / 2;
    }

    /// <summary>Runs one operation of session <paramref name="sessionId"/> off the reading loop and sends how it ended.</summary>
    private void Start(int id, int sessionId, Func<CSharpCodeSession, CancellationToken, Task<CodeRunResult>> operation)
    {
        var cancel = new CancellationTokenSource();
        _operations[id] = cancel;
        _ = Task.Run(async () =>
        {
            if (!_sessions.TryGetValue(sessionId, out var session))
            {
                var missing = new CodeRunResult { Outcome = SnippetOutcome.RuntimeError, Error = $"The worker holds no session {sessionId}.", SessionReset = true };
                await _pipe.WriteAsync(WorkerFrameKind.Result, id, w => WorkerCodec.Write(w, missing)).ConfigureAwait(false);
                _operations.TryRemove(id, out _);
                cancel.Dispose();
                return;
            }

            var resetsBefore = session.Resets;
            try
            {
                var result = await operation(session, cancel.Token).ConfigureAwait(false);
                await _pipe.WriteAsync(WorkerFrameKind.Result, id, w => WorkerCodec.Write(w, result)).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Whether stopping the block cost the session (it was abandoned): the parent then ends this worker.
                await _pipe.WriteAsync(WorkerFrameKind.Cancelled, id, w => w.Write(session.Resets != resetsBefore)).ConfigureAwait(false);
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
