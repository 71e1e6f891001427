using Microsoft.Extensions.AI;

namespace Rlm.Roslyn;

/// <summary>Settings of an RLM run. Every value has a documented default; <see cref="Validate"/> checks them once.</summary>
public sealed record RlmOptions
{
    /// <summary>Turns (root LM replies) before the model is asked for its best final answer. Default 20.</summary>
    public int MaxIterations { get; init; } = 20;

    /// <summary>
    /// The deepest level at which an RLM (with its own session) may run. The root is depth 0; <c>Recurse</c> at
    /// depth d starts a child RLM at d + 1 when d + 1 &lt;= MaxDepth, otherwise it falls back to a plain sub-LM
    /// call. Default 1: the root's children are RLMs, their children are plain calls. 0 makes every Recurse a plain call.
    /// </summary>
    public int MaxDepth { get; init; } = 1;

    /// <summary>Wall-clock limit for one snippet, its sub-calls included. Default 5 minutes.</summary>
    public TimeSpan SnippetTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Chars of snippet output sent back to the model per turn; longer output keeps its head and tail. Default 20,000.</summary>
    public int MaxFeedbackChars { get; init; } = 20_000;

    /// <summary>Chars of output a snippet may print before the rest is dropped (memory guard). Default 1,000,000.</summary>
    public int MaxCapturedOutputChars { get; init; } = 1_000_000;

    /// <summary>How much the managed heap may grow while one snippet runs before it is stopped. Default 4 GiB.</summary>
    public long MaxSnippetHeapGrowthBytes { get; init; } = 4L << 30;

    /// <summary>
    /// Sub-LM requests in flight at once across the whole run tree (plain sub-calls and child RLM turns, at every
    /// depth), and calls one LlmMany / Map / RecurseMany batch starts at once. The root's own turns are one at a time.
    /// Default 8.
    /// </summary>
    public int MaxConcurrency { get; init; } = 8;

    /// <summary>Options for every root LM request (model id, temperature...); null uses the client's defaults.</summary>
    public ChatOptions? RootChatOptions { get; init; }

    /// <summary>Options for every sub-LM request; null uses the client's defaults.</summary>
    public ChatOptions? SubChatOptions { get; init; }

    /// <summary>
    /// Checks each snippet before it runs. Default <see cref="RestrictedApiPolicy.Default"/>, the sandbox's
    /// restricted-API analyzer: snippets come from a model that text in the context can steer, so they are treated as
    /// hostile. <see cref="TrustedCodePolicy.Instance"/> is the explicit opt-out for code you trust; null is refused.
    /// </summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    public ISubmissionPolicy SubmissionPolicy
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(value), "SubmissionPolicy: use TrustedCodePolicy.Instance to run snippets unchecked.");
    } = RestrictedApiPolicy.Default;

    /// <summary>
    /// Ask every RLM's model for its reply as a stream and emit a <see cref="ReplyDeltaEvent"/> for each piece, so a
    /// watcher can show a turn (and the final answer) as it is written. Default false (one plain request per turn).
    /// </summary>
    public bool StreamReplies { get; init; }

    /// <summary>Emit a <see cref="PromptEvent"/> before each model request of every RLM (for traces and viewers). Default false.</summary>
    public bool EmitPrompts { get; init; }

    /// <summary>Limits on the whole run tree: tokens, sub-calls, wall-clock time, cost. Default: none.</summary>
    public RlmBudget Budget { get; init; } = RlmBudget.Unlimited;

    /// <summary>
    /// Prices per model name, for <see cref="RlmUsage.CostUsd"/> and <see cref="RlmBudget.MaxCostUsd"/>. A call is priced
    /// by the model it asked for (chat options, else the client's metadata), else by the model the response names.
    /// Default: empty (every cost is 0).
    /// </summary>
    public IReadOnlyDictionary<string, ModelPrice> Prices { get; init; } = new Dictionary<string, ModelPrice>();

    /// <summary>
    /// Answer identical sub-calls (same model, messages and options) from <see cref="SubCallCache"/> instead of the
    /// endpoint; identical requests in flight at once are sent once. Root turns are never cached. Default true.
    /// </summary>
    public bool CacheSubCalls { get; init; } = true;

    /// <summary>Where cached sub-call answers live; null gives each run a fresh in-memory cache. Use <see cref="DiskSubCallCache"/> to keep them across runs.</summary>
    public ISubCallCache? SubCallCache { get; init; }

    /// <summary>
    /// The language the model writes its code in. Default <see cref="RlmLanguage.CSharp"/>; <see cref="RlmLanguage.Python"/>
    /// needs <see cref="PythonSessions"/>.
    /// </summary>
    public RlmLanguage Language { get; init; } = RlmLanguage.CSharp;

    /// <summary>
    /// Creates the Python sessions of a Python run, and the one behind <c>Python(code)</c> in C# runs (for example the
    /// sandbox's CPython-on-WASI runtime). Default null: no Python.
    /// </summary>
    public ICodeSessionFactory? PythonSessions { get; init; }

    /// <summary>
    /// Where C# snippets run: <see cref="SnippetIsolation.Auto"/> (the default: a worker process where one can start
    /// here, else this process), <see cref="SnippetIsolation.Process"/> (a worker with no secret in it, started next to
    /// this one from <c>Rlm.Roslyn.Worker.dll</c> beside the engine's assembly, or fail) or
    /// <see cref="SnippetIsolation.InProcess"/>. A worker runs the default restricted-API policy or
    /// <see cref="TrustedCodePolicy"/> (the policy crosses to it as data, not as an object), inside its jail
    /// (<see cref="WorkerJail"/>). Python blocks are not affected.
    /// </summary>
    public SnippetIsolation Isolation { get; init; } = SnippetIsolation.Auto;

    /// <summary>
    /// With <see cref="SnippetIsolation.Process"/>: whether the worker runs in its bubblewrap jail (no network, no host
    /// files, an unprivileged user; Linux only). <see cref="Rlm.Roslyn.WorkerJail.Required"/> by default: where the jail
    /// cannot be set up, the run fails with an <see cref="InvalidOperationException"/> saying why rather than run the
    /// worker unjailed; <see cref="Rlm.Roslyn.WorkerJail.Off"/> runs it as a plain child process.
    /// </summary>
    public WorkerJail WorkerJail { get; init; } = WorkerJail.Required;

    /// <summary>
    /// With <see cref="SnippetIsolation.Process"/>: how many run trees one worker may serve at once. Default 1: each run
    /// tree (a run, its child RLMs and their sessions) gets a worker of its own. More saves processes when many runs go
    /// at once, at a price: a worker ended for one tree's stuck or crashing block resets the sessions of every tree in
    /// it (each model is told). Workers never serve two <see cref="WorkerOwner"/>s.
    /// </summary>
    public int RunTreesPerWorker { get; init; } = 1;

    /// <summary>
    /// With <see cref="SnippetIsolation.Process"/>: who the runs belong to (an API key's name in a server). Runs of
    /// different owners never share a worker, whatever <see cref="RunTreesPerWorker"/> says. Default null: this
    /// process's own.
    /// </summary>
    public string? WorkerOwner { get; init; }

    /// <summary>
    /// Where C# snippets of runs with these options run: <see cref="Isolation"/> itself unless it is
    /// <see cref="SnippetIsolation.Auto"/>, which gives <see cref="SnippetIsolation.Process"/> where a worker can start
    /// here and <see cref="SnippetIsolation.InProcess"/> otherwise, with the reason in <paramref name="fallbackReason"/>
    /// (a console says it once). The check (the worker's files, the jail's probe) runs once per process and jail setting.
    /// </summary>
    /// <param name="fallbackReason">Why snippets run in process although <see cref="SnippetIsolation.Auto"/> prefers a worker; null otherwise.</param>
    public SnippetIsolation ResolveIsolation(out string? fallbackReason)
    {
        fallbackReason = null;
        if (Isolation != SnippetIsolation.Auto)
        {
            return Isolation;
        }

        fallbackReason = WorkerPolicy.From(SubmissionPolicy) is null
            ? "a custom submission policy cannot cross to a worker process"
            : WorkerAvailability.Check(WorkerJail);
        return fallbackReason is null ? SnippetIsolation.Process : SnippetIsolation.InProcess;
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for the first value out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxIterations, 1, nameof(MaxIterations));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxDepth, nameof(MaxDepth));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(SnippetTimeout, TimeSpan.Zero, nameof(SnippetTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFeedbackChars, 1_000, nameof(MaxFeedbackChars));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCapturedOutputChars, MaxFeedbackChars, nameof(MaxCapturedOutputChars));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSnippetHeapGrowthBytes, 1L << 20, nameof(MaxSnippetHeapGrowthBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrency, 1, nameof(MaxConcurrency));
        ArgumentOutOfRangeException.ThrowIfLessThan(RunTreesPerWorker, 1, nameof(RunTreesPerWorker));
        ArgumentNullException.ThrowIfNull(Budget, nameof(Budget));
        Budget.Validate();
        ArgumentNullException.ThrowIfNull(Prices, nameof(Prices));
        foreach (var (model, price) in Prices)
        {
            if (price.InputPerMillion < 0 || price.OutputPerMillion < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(Prices), $"The price of '{model}' is negative.");
            }
        }

        if (Language == RlmLanguage.Python && PythonSessions is null)
        {
            throw new ArgumentException($"{nameof(Language)} is Python but {nameof(PythonSessions)} is null.", nameof(PythonSessions));
        }

        if (Isolation == SnippetIsolation.Process && WorkerPolicy.From(SubmissionPolicy) is null)
        {
            throw new ArgumentException($"{nameof(Isolation)} is Process, which runs RestrictedApiPolicy.Default or TrustedCodePolicy.Instance; a custom policy cannot cross to the worker yet.", nameof(SubmissionPolicy));
        }

    }
}
