using System.Text.RegularExpressions;

namespace Rlm.Roslyn.Sandbox.Tests.Corpus;

/// <summary>
/// The escape corpus (Corpus/escapes.txt): hostile snippets, each refused by a rule or stopped by a limit. The
/// test process must survive all of them: a stack overflow or an Environment.Exit would end it.
/// </summary>
public sealed partial class EscapeCorpusTests
{
    private static readonly IReadOnlyList<CorpusCase> Cases = CorpusCase.Load("escapes.txt");

    public static TheoryData<string> CaseIds() => new(Cases.Select(c => c.Id));

    [Theory]
    [MemberData(nameof(CaseIds))]
    public async Task Snippet_HostileCase_IsRefusedOrStopped(string id)
    {
        var corpusCase = Cases.Single(c => c.Id == id);

        var run = await CorpusRunner.RunAsync(corpusCase, TestContext.Current.CancellationToken);

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
            default:
                throw new InvalidOperationException($"A hostile case must not be expected to complete: {id}.");
        }
    }

    [Fact]
    public void Corpus_HasAtLeast150CasesCoveringEveryRule()
    {
        Cases.Should().HaveCountGreaterThanOrEqualTo(150);
        var rules = Cases.Where(c => c.Expect == Expectation.Rejected).Select(c => c.Detail!).ToHashSet();
        var declared = RuleLine().Matches(RestrictedApiPolicy.DefaultAllowListText).Select(m => m.Groups[1].Value).ToList();
        declared.Should().HaveCountGreaterThanOrEqualTo(14);
        rules.Should().Contain(declared);
        Cases.Select(c => c.Expect).Should().Contain([Expectation.Limit, Expectation.Timeout]);
        Cases.Where(c => c.Expect == Expectation.Limit).Select(c => c.Detail).Should().Contain(["CallDepth", "Memory", "Output"]);
    }

    [GeneratedRegex(@"^rule (RLM\d+) ", RegexOptions.Multiline)]
    private static partial Regex RuleLine();
}
