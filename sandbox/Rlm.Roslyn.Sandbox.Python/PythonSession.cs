using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Rlm.Roslyn.Python;

/// <summary>
/// A persistent Python session for one run: blocks run in one globals dict, so what one defines the next can use.
/// The interpreter starts with the first block; if a block ends it (time limit, crash), the next block starts a
/// fresh one over the same context and the result says the variables are gone.
/// </summary>
internal sealed class PythonSession : ICodeSession
{
    /// <summary>Lists the session's variables without leaving any behind.</summary>
    private const string DescribeBlock = """
        def _rlm_describe():
            import types
            helpers = {'context', 'query', 'llm_query', 'llm_query_batched', 'rlm_query', 'final', 'FINAL', 'FINAL_VAR'}
            lines = []
            for name, value in list(globals().items()):
                if name.startswith('_') or name in helpers or isinstance(value, types.ModuleType):
                    continue
                text = repr(value)
                lines.append(f'{name}: {type(value).__name__} = ' + (text[:80] + '...' if len(text) > 80 else text))
            print('\n'.join(lines) if lines else '(no variables yet)')
        _rlm_describe()
        del _rlm_describe
        """;

    private readonly PythonRuntime _runtime;
    private readonly CodeSessionSetup _setup;
    private readonly OutputCapture _output;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _contextFolder;
    private GuestInstance? _guest;
    private bool _disposed;

    public PythonSession(PythonRuntime runtime, CodeSessionSetup setup)
    {
        _runtime = runtime;
        _setup = setup;
        _output = new OutputCapture(runtime.Options.MaxOutputChars);
        _contextFolder = WriteContext(setup.Context);
    }

    public async Task<CodeRunResult> RunAsync(string code, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var clock = Stopwatch.StartNew();
            if (await EnsureStartedAsync(cancellationToken).ConfigureAwait(false) is { } failedStart)
            {
                return failedStart with { Elapsed = clock.Elapsed };
            }

            var guest = _guest!;
            var reply = await guest.SendAsync(Encoding.UTF8.GetBytes("E" + code), timeout, cancellationToken).ConfigureAwait(false);
            var output = _output.Take();
            if (reply is null)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return Ended(guest, output, timeout, clock.Elapsed);
            }

            try
            {
                return FromReply(reply, output, clock.Elapsed);
            }
            catch (FormatException)
            {
                return new CodeRunResult { Outcome = SnippetOutcome.RuntimeError, Output = output, Error = "The block's result could not be read (did the block change the driver's functions?).", Elapsed = clock.Elapsed };
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<CodeRunResult> ReadVariableAsync(string name, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var clock = Stopwatch.StartNew();
            if (_disposed || _guest is not { HasExited: false } guest)
            {
                // No interpreter, so no variables: nothing to read.
                return new CodeRunResult { Outcome = SnippetOutcome.Completed };
            }

            var reply = await guest.SendAsync(Encoding.UTF8.GetBytes("V" + name), timeout, cancellationToken).ConfigureAwait(false);
            var output = _output.Take();
            if (reply is null)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return Ended(guest, output, timeout, clock.Elapsed) with { Output = string.Empty };
            }

            var fields = Packed.Unpack(reply);
            return new CodeRunResult { Outcome = SnippetOutcome.Completed, Value = fields.Count == 1 ? fields[0] : null, Elapsed = clock.Elapsed };
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<CodeRunResult> DescribeVariablesAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(DescribeBlock, timeout, cancellationToken).ConfigureAwait(false);
        return result.Outcome == SnippetOutcome.Completed
            ? result with { Output = string.Empty, Value = result.Output.TrimEnd('\n') }
            : result;
    }

    /// <summary>Starts an interpreter if there is none (or the last one ended); a result when it could not start.</summary>
    private async Task<CodeRunResult?> EnsureStartedAsync(CancellationToken cancellationToken)
    {
        if (_guest is { HasExited: false })
        {
            return null;
        }

        _guest?.Dispose();
        _guest = new GuestInstance(_runtime, _setup, _contextFolder, _output);
        if (await _guest.StartAsync(cancellationToken).ConfigureAwait(false))
        {
            _output.Take();
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var output = _output.Take();
        return new CodeRunResult
        {
            Outcome = SnippetOutcome.RuntimeError,
            Output = output,
            Error = $"Python could not start: {_guest.ExitReason}",
        };
    }

    /// <exception cref="FormatException">The reply is not the driver's four packed fields.</exception>
    private static CodeRunResult FromReply(byte[] reply, string output, TimeSpan elapsed)
    {
        var fields = Packed.Unpack(reply);
        if (fields.Count != 4)
        {
            throw new FormatException("A block's reply has four fields.");
        }

        var errorType = fields[0];
        return new CodeRunResult
        {
            Outcome = errorType switch
            {
                null => SnippetOutcome.Completed,
                "SyntaxError" or "IndentationError" or "TabError" => SnippetOutcome.CompileError,
                "MemoryError" or "RecursionError" => SnippetOutcome.Limit,
                _ => SnippetOutcome.RuntimeError,
            },
            Output = output,
            Error = fields[1],
            FinalAnswer = fields[2],
            Value = fields[3],
            Elapsed = elapsed,
        };
    }

    private static CodeRunResult Ended(GuestInstance guest, string output, TimeSpan timeout, TimeSpan elapsed) => guest.StopRequested
        ? new CodeRunResult
        {
            Outcome = SnippetOutcome.Timeout,
            Output = output,
            Error = string.Create(CultureInfo.InvariantCulture, $"Timeout: the block ran past its {timeout.TotalSeconds:0.#} s limit and was stopped. The Python session was restarted: all variables are gone; context and the helpers remain. Do less per block."),
            SessionReset = true,
            Elapsed = elapsed,
        }
        : new CodeRunResult
        {
            Outcome = SnippetOutcome.Limit,
            Output = output,
            Error = $"The interpreter stopped ({guest.ExitReason}). The Python session was restarted: all variables are gone; context and the helpers remain.",
            SessionReset = true,
            Elapsed = elapsed,
        };

    /// <summary>One UTF-8 file per document (or one for the whole text), in a fresh folder mounted read-only at /context.</summary>
    private static string WriteContext(RlmContext context)
    {
        var folder = Directory.CreateTempSubdirectory("rlm-python-context-").FullName;
        if (context.Documents.Count <= 1)
        {
            Write(Path.Combine(folder, "000000000.txt"), context.Text);
        }
        else
        {
            foreach (var document in context.Documents)
            {
                Write(Path.Combine(folder, document.Index.ToString("D9", CultureInfo.InvariantCulture) + ".txt"), document.Text);
            }
        }

        return folder;

        static void Write(string path, ReadOnlyMemory<char> text)
        {
            using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
            writer.Write(text.Span);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _guest?.Dispose();
        try
        {
            Directory.Delete(_contextFolder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }

        _gate.Dispose();
    }
}
