using Microsoft.Extensions.AI;

namespace Rlm.Roslyn;

/// <summary>
/// What <c>services.AddRlm(...)</c> registers: the engine's settings, the middleware's threshold and which registered
/// <see cref="IChatClient"/>s are the root and sub models. Bound from a configuration section (by default <c>Rlm</c>)
/// whose keys are flat: <c>MaxIterations</c>, <c>MaxDepth</c>, <c>SnippetTimeout</c>, <c>RootChatOptions:ModelId</c>...
/// (any <see cref="RlmOptions"/> member), <c>MinContextChars</c>, <c>RootClientKey</c> and <c>SubClientKey</c>.
/// </summary>
public sealed class RlmServiceOptions
{
    /// <summary>The configuration section <c>AddRlm(configuration)</c> binds when given a whole configuration: <c>Rlm</c>.</summary>
    public const string SectionName = "Rlm";

    /// <summary>
    /// The engine's settings. Default: <see cref="RlmOptions"/>' defaults. It is a record: change it with
    /// <c>o.Engine = o.Engine with { MaxIterations = 10 }</c>. When its <see cref="RlmOptions.SubmissionPolicy"/> is the default analyzer
    /// and an <see cref="ISubmissionPolicy"/> is registered, the registered one is used.
    /// </summary>
    public RlmOptions Engine { get; set; } = new();

    /// <summary>
    /// A user text part at least this long sends a request through the RLM in <c>UseRecursiveContext()</c>.
    /// Default <see cref="RecursiveContextOptions.DefaultMinContextChars"/> (100,000 chars).
    /// </summary>
    public int MinContextChars { get; set; } = RecursiveContextOptions.DefaultMinContextChars;

    /// <summary>The service key of the root model's <see cref="IChatClient"/>; null (the default) takes the unkeyed one.</summary>
    public string? RootClientKey { get; set; }

    /// <summary>The service key of the sub model's <see cref="IChatClient"/>; null (the default) uses the root model.</summary>
    public string? SubClientKey { get; set; }

    /// <summary>The middleware's settings these options describe.</summary>
    public RecursiveContextOptions ToRecursiveContextOptions() => new() { MinContextChars = MinContextChars, Engine = Engine };
}
