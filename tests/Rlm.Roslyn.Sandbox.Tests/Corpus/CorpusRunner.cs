using Rlm.Roslyn.Sandbox.Tests.Fakes;

namespace Rlm.Roslyn.Sandbox.Tests.Corpus;

/// <summary>
/// Runs one corpus case in a fresh session guarded by the default policy: its snippets (split by lines holding only
/// <c>---</c>) in order; the last one carries the expectation. A snippet expected to be refused runs under a
/// fail-closed wrapper, so a snippet the policy misses is refused anyway and never runs.
/// </summary>
internal static class CorpusRunner
{
    /// <summary>Small budgets, so memory bombs and floods stop quickly; a short watchdog for stuck library calls.</summary>
    public static readonly ScriptSessionOptions Options = new()
    {
        MaxHeapGrowthBytes = 256L << 20,
        MaxCapturedOutputChars = 100_000,
        AbandonAfter = TimeSpan.FromMilliseconds(700),
    };

    /// <summary>
    /// The hostile cases' budgets: <see cref="Options"/> with a 4 MB call depth, so a case that nests a million small
    /// library frames (16 bytes each once the JIT tiers them up: 16 MB, right at the default limit) trips the limit every
    /// time rather than by the JIT's tier.
    /// </summary>
    public static readonly ScriptSessionOptions EscapeOptions = Options with { MaxStackDepthBytes = 4L << 20 };

    private static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan LongTimeout = TimeSpan.FromSeconds(30);

    public static async Task<CorpusRun> RunAsync(CorpusCase corpusCase, CancellationToken cancellationToken, ScriptSessionOptions? options = null)
    {
        // Every case goes through the policy as a warm host runs it: fast path first, full analysis when needed.
        await PolicyWarmUp.EnsureIndexAsync();
        var snippets = corpusCase.Code.Split("\n---\n");
        var policy = new FailClosedPolicy(RestrictedApiPolicy.Default);
        using var session = Sessions.New(policy, options ?? Options);
        var earlier = new List<SubmissionResult>();
        for (var i = 0; i < snippets.Length - 1; i++)
        {
            earlier.Add(await session.RunAsync(snippets[i], LongTimeout, cancellationToken));
        }

        policy.Armed = corpusCase.Expect == Expectation.Rejected;
        var last = await session.RunAsync(snippets[^1], corpusCase.Expect == Expectation.Timeout ? ShortTimeout : LongTimeout, cancellationToken);
        return new CorpusRun(earlier, last);
    }
}

/// <summary>The results of a case's snippets: the earlier ones and the last.</summary>
internal sealed record CorpusRun(IReadOnlyList<SubmissionResult> Earlier, SubmissionResult Last)
{
    public string Describe() => string.Join("\n", Earlier.Append(Last).Select(r => $"{r.GetType().Name}: {r.ToFeedback()}"));
}
