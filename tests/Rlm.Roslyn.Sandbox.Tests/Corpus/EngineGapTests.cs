using Rlm.Roslyn.Sandbox.Tests.Fakes;

namespace Rlm.Roslyn.Sandbox.Tests.Corpus;

/// <summary>
/// Engine gaps (Corpus/engine-gaps.txt): hostile snippets that pass the analyzer and, today, crash the process or
/// escape a limit. Each case states the outcome it should have once the engine is fixed (see sandbox/README.md).
/// They run only with RLM_RUN_ENGINE_GAPS set (1 for all, or case ids), in a process that may die: a stack overflow
/// cannot be caught.
/// </summary>
public sealed class EngineGapTests
{
    private static readonly IReadOnlyList<CorpusCase> Cases = CorpusCase.Load("engine-gaps.txt");

    /// <summary>RLM_RUN_ENGINE_GAPS=1 runs them all; a comma-separated list of case ids runs those.</summary>
    public static bool RunEngineGaps => !string.IsNullOrEmpty(Selection);

    private static string? Selection => Environment.GetEnvironmentVariable("RLM_RUN_ENGINE_GAPS");

    public static TheoryData<string> CaseIds() => new(Cases.Select(c => c.Id));

    [Theory(Skip = "Engine gaps crash the test process; set RLM_RUN_ENGINE_GAPS=1 to run them", SkipUnless = nameof(RunEngineGaps))]
    [MemberData(nameof(CaseIds))]
    public async Task Snippet_EngineGap_EndsAsItShould(string id)
    {
        var corpusCase = Cases.Single(c => c.Id == id);
        Assert.SkipUnless(Selection == "1" || Selection!.Split(',').Contains(id), $"Not selected in RLM_RUN_ENGINE_GAPS: {id}");

        var run = await CorpusRunner.RunAsync(corpusCase, TestContext.Current.CancellationToken);

        CorpusAssert.EndedAsExpected(corpusCase, run);
    }

    [Fact]
    public void EngineGaps_PassTheAnalyzer()
    {
        // What makes them gaps: the analyzer has no rule to refuse them without refusing legitimate code.
        Cases.Should().HaveCountGreaterThanOrEqualTo(8);
        foreach (var corpusCase in Cases)
        {
            var (compilation, tree) = Submissions.Compile(corpusCase.Code.Split("\n---\n"));
            if (Submissions.Errors(compilation).Count == 0)
            {
                RestrictedApiPolicy.Default.Analyze(compilation, tree).Should().BeEmpty(corpusCase.Id);
            }
        }
    }
}
