using System.Text;
using Microsoft.Extensions.AI;

namespace Rlm.Roslyn.Host.Eval;

/// <summary>
/// Retrieval baseline (RAG): cut the context into line-aligned chunks, rank them against the question with BM25,
/// and send the best chunks that fit in the window, in their original order, in one call.
/// </summary>
internal sealed class Bm25EvalMethod(IChatClient client, int windowTokens, int chunkTokens) : IEvalMethod
{
    /// <inheritdoc />
    public string Name => "bm25";

    /// <inheritdoc />
    public async Task<EvalAnswer> AnswerAsync(EvalTask task, IProgress<RlmEvent>? events, CancellationToken cancellationToken = default)
    {
        var (context, note) = Retrieve(task, windowTokens, chunkTokens);
        var prompt = SingleCall.Prompt(context, task.Question, note is null ? null : "the context below is the passages retrieved for the question, in their original order");
        var (answer, usage) = await SingleCall.AskAsync(client, prompt, cancellationToken).ConfigureAwait(false);
        return new EvalAnswer(answer, usage, EvalTokens.FromChars(prompt.Length), 1, "answered", note);
    }

    /// <summary>The retrieved context, and a note saying how much of the context it is (null when all of it fit).</summary>
    public static (string Context, string? Note) Retrieve(EvalTask task, int windowTokens, int chunkTokens)
    {
        var budget = SingleCall.ContextBudgetChars(windowTokens, task.Question);
        if (task.Context.Length <= budget)
        {
            return (task.Context.Text.ToString(), null);
        }

        var chunks = Partitioner.BySize(task.Context, EvalTokens.ToChars(chunkTokens));
        var index = new Bm25Index(chunks.Select(c => c.Text));
        var scores = index.Score(task.Question);
        var picked = new List<int>();
        var used = 0;
        foreach (var i in Enumerable.Range(0, chunks.Length).OrderByDescending(i => scores[i]).ThenBy(i => i))
        {
            if (used + chunks[i].Length + 5 > budget)
            {
                continue;
            }

            picked.Add(i);
            used += chunks[i].Length + 5;
        }

        picked.Sort();
        var builder = new StringBuilder(used);
        foreach (var i in picked)
        {
            builder.Append(chunks[i].Text.Span).Append("\n...\n");
        }

        var note = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"bm25 kept {picked.Count:N0} of {chunks.Length:N0} chunks of {chunkTokens:N0} tokens ({EvalTokens.FromChars(used):N0} of {EvalTokens.FromChars(task.Context.Length):N0} tokens)");
        return (builder.ToString(), note);
    }
}
