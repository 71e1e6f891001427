namespace Rlm.Roslyn;

/// <summary>A session of <c>rlm repl</c>: snippets typed by a person, in C# or Python, over one context.</summary>
internal interface IReplSession : IDisposable
{
    /// <summary>The language snippets are written in.</summary>
    RlmLanguage Language { get; }

    /// <summary>The options in force (the snippet timeout among them).</summary>
    RlmOptions Options { get; }

    /// <summary>How often the session was replaced (every variable lost) because of how a snippet ended.</summary>
    int ResetCount { get; }

    /// <summary>The answer the last snippet gave (<c>Final</c>, <c>final</c>), or <see langword="null"/>.</summary>
    string? FinalAnswer { get; }

    /// <summary>Runs one snippet under the snippet timeout; never throws for the snippet's own faults, only for cancellation.</summary>
    /// <param name="code">The snippet.</param>
    /// <param name="cancellationToken">Stops it.</param>
    Task<ReplResult> RunSnippetAsync(string code, CancellationToken cancellationToken = default);

    /// <summary>One line per session variable: name, type and a short preview of its value.</summary>
    /// <param name="cancellationToken">Stops the listing.</param>
    Task<string> DescribeVariablesAsync(CancellationToken cancellationToken = default);
}
