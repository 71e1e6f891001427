namespace Rlm.Roslyn.Sandbox.Tests.Corpus;

/// <summary>Checks that a corpus case ended the way its header says.</summary>
internal static class CorpusAssert
{
    public static void EndedAsExpected(CorpusCase corpusCase, CorpusRun run)
    {
        var id = corpusCase.Id;
        run.Earlier.Should().AllBeOfType<SubmissionCompleted>("the setup snippets of '{0}' must run: {1}", id, run.Describe());
        switch (corpusCase.Expect)
        {
            case Expectation.Rejected:
                run.Last.Should().BeOfType<SubmissionRejected>(run.Describe())
                    .Which.Diagnostics.Should().Contain(d => d.Id == corpusCase.Detail, "case '{0}' (line {1}) must break {2}: {3}", id, corpusCase.Line, corpusCase.Detail, run.Describe());
                break;
            case Expectation.Limit:
                run.Last.Should().BeOfType<SubmissionStopped>(run.Describe())
                    .Which.Limit.Should().Be(Enum.Parse<SnippetLimit>(corpusCase.Detail!), run.Describe());
                break;
            case Expectation.Timeout:
                run.Last.Should().BeOfType<SubmissionTimedOut>(run.Describe());
                break;
            case Expectation.Failed:
                var failed = run.Last.Should().BeOfType<SubmissionFailed>("case '{0}' (line {1}) must fail: {2}", id, corpusCase.Line, run.Describe()).Subject;
                if (corpusCase.Contains is { } cause)
                {
                    failed.ToFeedback().Should().Contain(cause, run.Describe());
                }

                break;
            case Expectation.Completed:
                var completed = run.Last.Should().BeOfType<SubmissionCompleted>("case '{0}' (line {1}) must run: {2}", id, corpusCase.Line, run.Describe()).Subject;
                if (corpusCase.Contains is { } expected)
                {
                    (completed.Output + completed.ReturnValue).Should().Contain(expected, run.Describe());
                }

                break;
        }
    }
}
