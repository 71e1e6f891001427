using Rlm.Roslyn.Sandbox.Tests.Fakes;

namespace Rlm.Roslyn.Sandbox.Tests.Corpus;

/// <summary>
/// The escape corpus again, in the jailed worker (<see cref="SnippetIsolation.Process"/>) with the default policy, as
/// runs with process isolation get it: every case ends as it does in process (refused by the same rule, stopped by the
/// same limit, timed out, failed or harmless), and the test process survives them all. What a case that beats the
/// analyzer could still do inside the jail is what WorkerJailTests prove with the analyzer off.
/// </summary>
public sealed class EscapeCorpusWorkerTests(WorkerCorpusFixture fixture) : IClassFixture<WorkerCorpusFixture>
{
    private static readonly IReadOnlyList<CorpusCase> Cases = CorpusCase.Load("escapes.txt");
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan LongTimeout = TimeSpan.FromSeconds(30);

    public static TheoryData<string> CaseIds() => new(Cases.Select(c => c.Id));

    [Theory]
    [MemberData(nameof(CaseIds))]
    public async Task Snippet_HostileCaseInTheWorker_EndsAsInProcess(string id)
    {
        var corpusCase = Cases.Single(c => c.Id == id);
        var snippets = corpusCase.Code.Split("\n---\n");
        using var session = new WorkerCodeSession(fixture.Lease, RlmContext.FromString("the context\nsecond line\n", "notes.txt"), "the question", 0, new EchoScriptHost())
        {
            KillGrace = TimeSpan.FromSeconds(2),
        };
        var results = new List<CodeRunResult>();
        for (var i = 0; i < snippets.Length; i++)
        {
            var last = i == snippets.Length - 1;
            var timeout = last && corpusCase.Expect == Expectation.Timeout ? ShortTimeout : LongTimeout;
            results.Add(await session.RunAsync(snippets[i], timeout, TestContext.Current.CancellationToken));
        }

        var describe = string.Join("\n", results.Select(r => $"{r.Outcome}: {r.ToFeedback()}"));
        results.SkipLast(1).Where(r => r.Outcome != SnippetOutcome.Completed).Should().BeEmpty("the setup snippets of '{0}' must run: {1}", id, describe);
        var end = results[^1];
        switch (corpusCase.Expect)
        {
            case Expectation.Rejected:
                end.Outcome.Should().Be(SnippetOutcome.CompileError, describe);
                end.Diagnostics.Should().Contain(d => d.Id == corpusCase.Detail, "case '{0}' (line {1}) must break {2}: {3}", id, corpusCase.Line, corpusCase.Detail, describe);
                break;
            case Expectation.Limit:
                end.Outcome.Should().Be(SnippetOutcome.Limit, describe);
                end.Error.Should().StartWith(LimitText(corpusCase.Detail!), describe);
                break;
            case Expectation.Timeout:
                end.Outcome.Should().Be(SnippetOutcome.Timeout, describe);
                break;
            case Expectation.Failed:
                end.Outcome.Should().Be(SnippetOutcome.RuntimeError, "case '{0}' (line {1}) must fail: {2}", id, corpusCase.Line, describe);
                if (corpusCase.Contains is { } cause)
                {
                    end.ToFeedback().Should().Contain(cause, describe);
                }

                break;
            case Expectation.Completed:
                end.Outcome.Should().Be(SnippetOutcome.Completed, "case '{0}' (line {1}) must run: {2}", id, corpusCase.Line, describe);
                if (corpusCase.Contains is { } expected)
                {
                    (end.Output + end.Value).Should().Contain(expected, describe);
                }

                break;
        }
    }

    private static string LimitText(string limit) => limit switch
    {
        nameof(SnippetLimit.CallDepth) => "Call depth limit",
        nameof(SnippetLimit.Memory) => "Memory limit",
        nameof(SnippetLimit.Output) => "Output limit",
        _ => throw new ArgumentOutOfRangeException(nameof(limit), limit, "not a limit"),
    };
}
