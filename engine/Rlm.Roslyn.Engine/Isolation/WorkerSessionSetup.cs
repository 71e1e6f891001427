namespace Rlm.Roslyn;

/// <summary>What one session in a worker opens over: the globals' question and depth, and its context's shape (the text follows in chunks).</summary>
/// <param name="Depth">The globals' depth.</param>
/// <param name="Query">The globals' question.</param>
/// <param name="ContextLength">Chars of context that follow.</param>
/// <param name="Documents">Name, offset and length of each document.</param>
internal sealed record WorkerSessionSetup(
    int Depth,
    string Query,
    int ContextLength,
    IReadOnlyList<(string Name, int Offset, int Length)> Documents)
{
    /// <summary>The setup of a session over <paramref name="context"/>.</summary>
    public static WorkerSessionSetup For(RlmContext context, string query, int depth) =>
        new(depth, query, context.Length, context.Documents.Select(d => (d.Name, d.Offset, d.Length)).ToList());
}
