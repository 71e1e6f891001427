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

    /// <summary>Concurrent calls in one LlmMany / RecurseMany batch. Default 8.</summary>
    public int MaxConcurrency { get; init; } = 8;

    /// <summary>Options for every root LM request (model id, temperature...); null uses the client's defaults.</summary>
    public ChatOptions? RootChatOptions { get; init; }

    /// <summary>Options for every sub-LM request; null uses the client's defaults.</summary>
    public ChatOptions? SubChatOptions { get; init; }

    /// <summary>Checks each snippet before it runs (for example the sandbox's restricted-API analyzer); null runs whatever compiles.</summary>
    public ISubmissionPolicy? SubmissionPolicy { get; init; }

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
        if (Language == RlmLanguage.Python && PythonSessions is null)
        {
            throw new ArgumentException($"{nameof(Language)} is Python but {nameof(PythonSessions)} is null.", nameof(PythonSessions));
        }

    }
}
