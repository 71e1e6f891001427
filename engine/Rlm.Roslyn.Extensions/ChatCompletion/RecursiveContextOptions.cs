namespace Rlm.Roslyn;

/// <summary>
/// Settings of <see cref="RecursiveContextChatClient"/>: when a request is long enough to go through a Recursive
/// Language Model, and how the runs are set up. Every value has a documented default; <see cref="Validate"/> checks them.
/// </summary>
public sealed record RecursiveContextOptions
{
    /// <summary>The default <see cref="MinContextChars"/>: 100,000 chars (about 25,000 tokens).</summary>
    public const int DefaultMinContextChars = 100_000;

    /// <summary>
    /// A user text part (a <c>TextContent</c>, or a <c>DataContent</c> with a <c>text/*</c> media type) at least this
    /// long is context: the request goes through an RLM run over it, and everything else in the conversation becomes
    /// the query. Requests without such a part pass straight to the inner client, untouched. Default
    /// <see cref="DefaultMinContextChars"/> (100,000 chars).
    /// </summary>
    public int MinContextChars { get; init; } = DefaultMinContextChars;

    /// <summary>
    /// Settings of each run (iterations, depth, limits, submission policy...). When its <see cref="RlmOptions.RootChatOptions"/>
    /// is null, the caller's <c>ChatOptions</c> (without tools and response format, which the RLM's own turns cannot use)
    /// apply to the root model's requests. Default: <see cref="RlmOptions"/>' defaults.
    /// </summary>
    public RlmOptions Engine { get; init; } = new();

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for the first value out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MinContextChars, 1, nameof(MinContextChars));
        ArgumentNullException.ThrowIfNull(Engine, nameof(Engine));
        Engine.Validate();
    }
}
