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

        var run = await CorpusRunner.RunAsync(corpusCase, TestContext.Current.CancellationToken, CorpusRunner.EscapeOptions);

        CorpusAssert.EndedAsExpected(corpusCase, run);
    }

    [Fact]
    public void Corpus_HasAtLeast150HostileCasesCoveringEveryRuleAndLimit()
    {
        Cases.Should().HaveCountGreaterThanOrEqualTo(150);
        // Every case is an attack: refused, stopped, failing (a cast to the writable type it hoped for), or completing
        // with output that shows the attack did not work.
        Cases.Should().NotContain(c => c.Expect == Expectation.Completed && c.Contains == null, "an attack that completes must show it failed");
        var rules = Cases.Where(c => c.Expect == Expectation.Rejected).Select(c => c.Detail!).ToHashSet();
        var declared = RuleLine().Matches(RestrictedApiPolicy.DefaultAllowListText).Select(m => m.Groups[1].Value).ToList();
        declared.Should().HaveCountGreaterThanOrEqualTo(16);
        rules.Should().Contain(declared);
        Cases.Where(c => c.Expect == Expectation.Limit).Select(c => c.Detail).Should().Contain(["CallDepth", "Memory", "Output"]);
        Cases.Should().Contain(c => c.Expect == Expectation.Timeout);
    }

    [GeneratedRegex(@"^rule (RLM\d+) ", RegexOptions.Multiline)]
    private static partial Regex RuleLine();
}
