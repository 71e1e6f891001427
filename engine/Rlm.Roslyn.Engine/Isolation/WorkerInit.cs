namespace Rlm.Roslyn;

/// <summary>What a worker needs to open its session: the session settings (the policy as data), the globals' question and depth, and the document table (the text follows in chunks).</summary>
/// <param name="Policy">The submission policy to rebuild.</param>
/// <param name="Session">The limits of every session in the worker; its policy is ignored (see <paramref name="Policy"/>).</param>
/// <param name="MaxConcurrency">How many calls of one batch the worker starts at once.</param>
/// <param name="Depth">The globals' depth.</param>
/// <param name="Query">The globals' question.</param>
/// <param name="Culture">The parent's culture, so formatting reads as it would in process.</param>
/// <param name="UiCulture">The parent's UI culture (exception messages).</param>
/// <param name="ContextLength">Chars of context that follow.</param>
/// <param name="Documents">Name, offset and length of each document.</param>
internal sealed record WorkerInit(
    WorkerPolicyKind Policy,
    ScriptSessionOptions Session,
    int MaxConcurrency,
    int Depth,
    string Query,
    string Culture,
    string UiCulture,
    int ContextLength,
    IReadOnlyList<(string Name, int Offset, int Length)> Documents);
