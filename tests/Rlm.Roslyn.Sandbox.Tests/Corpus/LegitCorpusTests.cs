namespace Rlm.Roslyn.Sandbox.Tests.Corpus;

/// <summary>The legitimate corpus (Corpus/legit.txt): snippets a good model writes; every one must run under the policy.</summary>
public sealed class LegitCorpusTests
{
    private static readonly IReadOnlyList<CorpusCase> Cases = CorpusCase.Load("legit.txt");

    public static TheoryData<string> CaseIds() => new(Cases.Select(c => c.Id));

    [Theory]
    [MemberData(nameof(CaseIds))]
    public async Task Snippet_LegitCase_Completes(string id)
    {
        var corpusCase = Cases.Single(c => c.Id == id);

        var run = await CorpusRunner.RunAsync(corpusCase, TestContext.Current.CancellationToken);

        CorpusAssert.EndedAsExpected(corpusCase, run);
    }

    [Fact]
    public void Corpus_HasAtLeast40Cases()
    {
        Cases.Should().HaveCountGreaterThanOrEqualTo(40);
        Cases.Should().OnlyContain(c => c.Expect == Expectation.Completed);
    }
}
