namespace Rlm.Roslyn;

/// <summary>
/// What one session in a worker opens over: the globals' question and depth, and its context's shape. The text either
/// follows in chunks or, with <paramref name="SharedStart"/> set, lies in the shared memory handed over with the frame.
/// </summary>
/// <param name="Depth">The globals' depth.</param>
/// <param name="Query">The globals' question.</param>
/// <param name="ContextLength">Chars of context.</param>
/// <param name="Documents">Name, offset and length of each document.</param>
/// <param name="SharedStart">The context's first char in the shared memory handed over, or -1 when the text follows in chunks.</param>
internal sealed record WorkerSessionSetup(
    int Depth,
    string Query,
    int ContextLength,
    IReadOnlyList<(string Name, int Offset, int Length)> Documents,
    int SharedStart = -1)
{
    /// <summary>The setup of a session over <paramref name="context"/>, whose text is streamed unless <paramref name="sharedStart"/> says where it lies in shared memory.</summary>
    public static WorkerSessionSetup For(RlmContext context, string query, int depth, int sharedStart = -1) =>
        new(depth, query, context.Length, context.Documents.Select(d => (d.Name, d.Offset, d.Length)).ToList(), sharedStart);
}
