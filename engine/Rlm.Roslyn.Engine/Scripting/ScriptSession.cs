using System.Diagnostics;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Rlm.Roslyn;

/// <summary>
/// A persistent C# session: each snippet is compiled as a script submission chained to the previous one,
/// emitted into this session's collectible load context and run by the submission's factory. Variables,
/// methods and types live on from snippet to snippet. Disposing unloads every submission.
/// </summary>
internal sealed class ScriptSession : IDisposable
{
    private static int s_nextId;
    private readonly int _id = Interlocked.Increment(ref s_nextId);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ScriptSessionOptions _options;
    private SubmissionLoadContext? _loadContext;
    private SnippetThread? _thread;
    private CSharpCompilation? _previous;
    private object?[] _states;
    private int _submissionCount;
    private bool _broken;

    public ScriptSession(RlmGlobals globals, ScriptSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(globals);
        _options = options ?? new ScriptSessionOptions();
        Globals = globals;
        globals.Session = this;
        _loadContext = new SubmissionLoadContext($"rlm-session-{_id}");
        _states = new object?[8];
        _states[0] = globals;
        _ = ScriptEnvironment.WarmUpAsync();
    }

    public RlmGlobals Globals { get; }

    /// <summary>Snippets compiled and run so far (rejected ones do not count).</summary>
    public int SubmissionCount => _submissionCount;

    /// <summary>True once a snippet was abandoned while still running: the session must be replaced.</summary>
    public bool IsBroken => _broken;

    /// <summary>Compiles and runs one snippet. Never throws for the snippet's own faults; throws only on cancellation.</summary>
    public async Task<SubmissionResult> RunAsync(string code, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_loadContext is null, this);
            if (_broken)
            {
                throw new InvalidOperationException("This session was abandoned by a runaway snippet; start a new one.");
            }

            var result = await CompileAndRunAsync(code, timeout, cancellationToken).ConfigureAwait(false);

            // Return on a fresh thread-pool stack. Otherwise the caller's continuation runs nested inside the
            // completing state machines, whose hoisted locals (the submission factory and state array) keep this
            // session's load context alive until the caller next yields, even after Dispose.
            await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Reads snippet objects for the host (a <c>FINAL_VAR</c> answer, the variables' previews) on the session's snippet
    /// thread, under a scope of its own with the session's limits and <paramref name="timeout"/> (a snippet's):
    /// formatting can run code the snippet defined (<c>ToString</c>, getters, iterators), which must never run on a host
    /// thread outside every limit. What that code prints is dropped.
    /// </summary>
    /// <param name="read">Runs on the snippet thread; may return null (nothing to read).</param>
    /// <param name="timeout">How long the read may take, as a snippet's time limit.</param>
    /// <param name="cancellationToken">Cancels the read (with the same grace a snippet gets).</param>
    /// <returns><see cref="SubmissionCompleted"/> with <paramref name="read"/>'s text as its value, or how the read was stopped.</returns>
    public async Task<SubmissionResult> InspectAsync(Func<string?> read, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_loadContext is null, this);
            if (_broken)
            {
                throw new InvalidOperationException("This session was abandoned by a runaway snippet; start a new one.");
            }

            var result = await RunScopedAsync(
                _ => Task.FromResult(SnippetEnd.Read(read)), timeout, Stopwatch.StartNew(), cancellationToken).ConfigureAwait(false);
            await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
            return result is SubmissionCompleted completed ? completed with { Output = string.Empty } : result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Finds a session variable by name (the latest snippet that declares it wins).</summary>
    public bool TryGetVariable(string name, out object? value)
    {
        foreach (var (field, owner) in Variables())
        {
            if (field.Name == name)
            {
                value = field.GetValue(owner);
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <summary>
    /// One line per session variable: name, type and a short preview of its value. Runs code the snippets defined: call
    /// it from a snippet, or from the host through <see cref="InspectAsync"/>.
    /// </summary>
    public string DescribeVariables()
    {
        var lines = Variables()
            .Select(v => $"{v.Field.Name} : {TypeNames.Format(v.Field.FieldType)} = {ValueFormatter.Preview(v.Field.GetValue(v.Owner))}")
            .ToList();
        return lines.Count == 0 ? "(no variables yet)" : string.Join('\n', lines);
    }

    /// <summary>A weak handle on this session's load context, to check that disposing really frees it.</summary>
    internal WeakReference LoadContextHandle() => new(_loadContext ?? throw new ObjectDisposedException(nameof(ScriptSession)));

    public void Dispose()
    {
        var loadContext = Interlocked.Exchange(ref _loadContext, null);
        if (loadContext is null)
        {
            return;
        }

        _previous = null;
        _states = [];
        Interlocked.Exchange(ref _thread, null)?.Dispose();
        loadContext.Unload();
    }

    private async Task<SubmissionResult> CompileAndRunAsync(string code, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var number = _submissionCount + 1;
        var tree = ScriptEnvironment.Parse(code, $"snippet{number}.csx");
        var parseErrors = tree.GetDiagnostics(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (parseErrors.Count > 0)
        {
            return new SubmissionRejected(clock.Elapsed, Locate(parseErrors, tree, []));
        }

        var assemblyName = $"rlm-{_id}-{number}";
        using var pe = new MemoryStream();
        using var pdb = new MemoryStream();
        Dictionary<int, CheckpointInjector.LambdaForm>? lambdaForms = null;
        SyntaxTree rewritten;
        TextSpan[] injected;
        CSharpCompilation compilation;
        while (true)
        {
            (rewritten, injected) = CheckpointInjector.Rewrite(tree, lambdaForms);
            compilation = CSharpCompilation.CreateScriptCompilation(
                assemblyName, rewritten, ScriptEnvironment.References, ScriptEnvironment.CompilationOptions, _previous, typeof(object), typeof(RlmGlobals));

            // Emit reports every compile error; nothing runs before the policy has also passed.
            pe.SetLength(0);
            pdb.SetLength(0);
            var emitted = ScriptEnvironment.Emit(compilation, pe, pdb, cancellationToken);
            if (emitted.Success)
            {
                break;
            }

            // An expression-bodied lambda whose checkpoint block guessed its body wrong (a value for a void delegate,
            // or the reverse) gets its other form, then is left as written; each lambda is retried at most twice.
            var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (!LambdaForms.Retry(tree, rewritten, errors, ref lambdaForms))
            {
                return new SubmissionRejected(clock.Elapsed, Locate(errors, tree, injected));
            }
        }

        if (_options.Policy.Analyze(compilation, rewritten, cancellationToken) is { Count: > 0 } refusals)
        {
            return new SubmissionRejected(clock.Elapsed, Locate(refusals, tree, injected));
        }

        pe.Position = 0;
        pdb.Position = 0;
        var assembly = _loadContext!.LoadSubmission(assemblyName, pe, pdb);
        var factory = CreateFactory(compilation, assembly, cancellationToken);

        _previous = compilation;
        _submissionCount = number;
        if (_states.Length <= number)
        {
            Array.Resize(ref _states, Math.Max(number + 1, _states.Length * 2));
        }

        var states = _states;
        return await RunScopedAsync(scope => RunAndReadAsync(factory, states, scope), timeout, clock, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs the snippet on its thread, then reads how it ended there too, under its scope: the trailing value's
    /// formatting and a thrown exception's <c>Message</c> can run code the snippet defined, which gets the same limits.
    /// </summary>
    private async Task<SnippetEnd> RunAndReadAsync(Func<object?[], Task<object?>> factory, object?[] states, SnippetScope scope)
    {
        object? value;
        try
        {
            // Back on the snippet's context: its thread, its stack budget.
            value = await factory(states).ConfigureAwait(true);
        }
#pragma warning disable CA1031 // Whatever the snippet threw is reported to the model, never rethrown into the host.
        catch (Exception thrown)
#pragma warning restore CA1031
        {
            var exception = Unwrap(thrown);
            return scope.Tripped is null && !scope.CancellationToken.IsCancellationRequested
                ? SnippetEnd.Threw(exception, SnippetEnd.MessageOf(exception), LocateException(exception))
                : SnippetEnd.Threw(exception, string.Empty, null);
        }

        return value is null || scope.Tripped is not null ? new SnippetEnd(null, null, null, null) : SnippetEnd.Read(() => ValueFormatter.Format(value));
    }

    private async Task<SubmissionResult> RunScopedAsync(
        Func<SnippetScope, Task<SnippetEnd>> work, TimeSpan timeout, Stopwatch clock, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var scope = new SnippetScope(_options.MaxCapturedOutputChars, _options.MaxHeapGrowthBytes, limit.Token);
        Globals.Scope = scope;
        var thread = _thread ??= new SnippetThread(_options.StackBytes, _options.MaxStackDepthBytes, _options.StackBytes / 16);

        var run = thread.RunAsync(
            () =>
            {
                // Both are flow-local: they follow the snippet into its awaits and sub-calls, and no further.
                ScriptCheckpoint.Scope = scope;
                ConsoleCapture.Enter(scope.Output);
                return work(scope);
            });
        try
        {
            return await WatchAsync(run, scope, limit, timeout, clock, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Anything the snippet started and did not await stops at its next checkpoint.
            scope.End();
        }
    }

    private async Task<SubmissionResult> WatchAsync(
        Task<SnippetEnd> run, SnippetScope scope, CancellationTokenSource limit, TimeSpan timeout, Stopwatch clock, CancellationToken cancellationToken)
    {
        // The watchdog: a snippet that has not stopped by its limit plus a grace period never reached a checkpoint
        // and is abandoned. Cancelled from outside, it gets the same grace to stop at its next checkpoint, so a
        // cancelled snippet keeps its session whenever it can.
        using (var abandon = new CancellationTokenSource(timeout + _options.AbandonAfter))
        using (cancellationToken.Register(() => abandon.CancelAfter(_options.AbandonAfter)))
        {
            var expired = Task.Delay(Timeout.Infinite, abandon.Token);
            var first = await Task.WhenAny(run, expired, scope.Parked).ConfigureAwait(false);
            await abandon.CancelAsync().ConfigureAwait(false);
            if (first == scope.Parked)
            {
                // Its stack was too full to unwind: the thread is parked for good, with the session's state mid-way.
                _broken = true;
                _thread = null;
                var limitHit = scope.Tripped!;
                return new SubmissionStopped(scope.Output.ToString(), clock.Elapsed, limitHit.Limit, limitHit.Message, SessionLost: true);
            }

            if (first != run)
            {
                _thread = null;
                // Still running: it never reached a checkpoint. Leave it behind with its session.
                _broken = true;
                cancellationToken.ThrowIfCancellationRequested();
                return new SubmissionTimedOut(scope.Output.ToString(), clock.Elapsed, timeout, SessionLost: true);
            }
        }

        if (scope.Tripped is { } tripped)
        {
            // Reported even when the snippet caught the limit's exception and ended "normally".
            return new SubmissionStopped(scope.Output.ToString(), clock.Elapsed, tripped.Limit, tripped.Message);
        }

        if (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Past the deadline before the run (and the reading of its value or exception) was done: a library call
            // such as the value formatter may have caught the checkpoint's exception, but the time was up all the same.
            return new SubmissionTimedOut(scope.Output.ToString(), clock.Elapsed, timeout, SessionLost: false);
        }

        var end = await run.ConfigureAwait(false);
        if (end.Exception is not { } exception)
        {
            return new SubmissionCompleted(scope.Output.ToString(), clock.Elapsed, end.Value);
        }

        if (exception is OperationCanceledException && limit.IsCancellationRequested)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                ExceptionDispatchInfo.Throw(new OperationCanceledException(cancellationToken));
            }

            return new SubmissionTimedOut(scope.Output.ToString(), clock.Elapsed, timeout, SessionLost: false);
        }

        return new SubmissionFailed(scope.Output.ToString(), clock.Elapsed, exception.GetType().FullName ?? "Exception", end.Message ?? string.Empty, end.Location);
    }

    private static Func<object?[], Task<object?>> CreateFactory(CSharpCompilation compilation, Assembly assembly, CancellationToken cancellationToken)
    {
        var entryPoint = compilation.GetEntryPoint(cancellationToken)
            ?? throw new InvalidOperationException("A script compilation has no entry point.");
        var typeName = entryPoint.ContainingNamespace.IsGlobalNamespace
            ? entryPoint.ContainingType.MetadataName
            : $"{entryPoint.ContainingNamespace.ToDisplayString()}.{entryPoint.ContainingType.MetadataName}";
        var method = assembly.GetType(typeName, throwOnError: true)!.GetMethod(entryPoint.MetadataName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new InvalidOperationException($"Entry point {entryPoint.MetadataName} not found.");
        return method.CreateDelegate<Func<object?[], Task<object?>>>();
    }

    private static Exception Unwrap(Exception exception)
    {
        while (exception is AggregateException { InnerExceptions.Count: 1, InnerException: { } single })
        {
            exception = single;
        }

        while (exception is TargetInvocationException { InnerException: { } inner })
        {
            exception = inner;
        }

        return exception;
    }

    private string? LocateException(Exception exception)
    {
        var frames = new StackTrace(exception, fNeedFileInfo: true).GetFrames();
        foreach (var frame in frames)
        {
            var file = frame.GetFileName();
            if (file is not null && file.StartsWith("snippet", StringComparison.Ordinal) && file.EndsWith(".csx", StringComparison.Ordinal) && frame.GetFileLineNumber() > 0)
            {
                var snippet = file["snippet".Length..^".csx".Length];
                return snippet == _submissionCount.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    ? $"line {frame.GetFileLineNumber()}"
                    : $"line {frame.GetFileLineNumber()} of snippet {snippet}";
            }
        }

        return null;
    }

    private static List<SnippetDiagnostic> Locate(IEnumerable<Diagnostic> diagnostics, SyntaxTree original, TextSpan[] injected)
    {
        var text = original.GetText();
        var located = new List<SnippetDiagnostic>();
        foreach (var diagnostic in diagnostics)
        {
            var (line, column) = (0, 0);
            if (diagnostic.Location.IsInSource)
            {
                var position = CheckpointInjector.MapToOriginal(diagnostic.Location.SourceSpan.Start, injected);
                var linePosition = text.Lines.GetLinePosition(Math.Clamp(position, 0, text.Length));
                (line, column) = (linePosition.Line + 1, linePosition.Character + 1);
            }

            located.Add(new SnippetDiagnostic(diagnostic.Id, line, column, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return located;
    }

    private IEnumerable<(FieldInfo Field, object Owner)> Variables()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var states = _states;
        for (var i = Math.Min(_submissionCount, states.Length - 1); i >= 1; i--)
        {
            if (states[i] is not { } submission)
            {
                continue;
            }

            var fields = submission.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly);
            foreach (var field in fields)
            {
                if (!field.Name.StartsWith('<') && seen.Add(field.Name))
                {
                    yield return (field, submission);
                }
            }
        }
    }
}
