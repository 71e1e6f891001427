using Rlm.Roslyn.Sandbox.Tests.Corpus;
using Rlm.Roslyn.Sandbox.Tests.Fakes;

namespace Rlm.Roslyn.Sandbox.Tests.Analysis;

/// <summary>The fast path clears a snippet from its syntax alone only when the full analysis would find nothing.</summary>
public sealed class FastPathTests
{
    [Fact]
    public async Task DefaultIndex_IsUsable()
    {
        var index = await RestrictedApiPolicy.Default.IndexFor(Submissions.Compile("1").Compilation);

        index.DisabledBy.Should().BeNull();
        index.Names.Should().Contain(["IO", "Reflection", "InteropServices", "Threading", "Internal", "Environment", "GC", "Activator", "AppDomain", "Assembly", "dynamic", "Start"]);
        index.Names.Should().NotContain(["Where", "Select", "Grep", "Print", "Split", "Join", "Regex", "StringBuilder", "Name", "Length", "ReadLine", "Clear", "Count", "Add", "Create", "File", "GetHashCode"], "common allowed names must not force the full analysis");
        index.ConstructedTypes.Should().ContainKey("Task");
        foreach (var name in new[] { "Create", "Error", "Start", "Run", "Method", "Target", "GetType", "Exists", "Version", "StackTrace", "Read", "Delay" })
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"{name}: {(index.Reasons.TryGetValue(name, out var why) ? why : "-")}");
        }
    }

    [Theory]
    [InlineData("escapes.txt")]
    [InlineData("legit.txt")]
    public async Task FastPath_ClearsOnlyWhatTheFullAnalysisAllows(string corpus)
    {
        await PolicyWarmUp.EnsureIndexAsync();
        var policy = RestrictedApiPolicy.Default;
        var cleared = 0;
        var compiled = 0;
        foreach (var corpusCase in CorpusCase.Load(corpus))
        {
            var snippets = corpusCase.Code.Split("\n---\n");
            for (var i = 1; i <= snippets.Length; i++)
            {
                var (compilation, tree) = Submissions.Compile(snippets[..i]);
                if (Submissions.Errors(compilation).Count > 0)
                {
                    break;
                }

                compiled++;
                var full = policy.AnalyzeFully(compilation, tree);
                if (policy.IsClearedByFastPath(compilation, tree))
                {
                    cleared++;
                    full.Should().BeEmpty("the fast path cleared '{0}' snippet {1}", corpusCase.Id, i);
                }
                else if (full.Count == 0)
                {
                    var index = await policy.IndexFor(compilation);
                    var trigger = tree.GetRoot().DescendantTokens().FirstOrDefault(t => index.Names.Contains(t.ValueText));
                    TestContext.Current.TestOutputHelper?.WriteLine($"  full analysis for {corpusCase.Id}: {trigger.ValueText} ({(index.Reasons.TryGetValue(trigger.ValueText, out var why) ? why : "a construct")})");
                }
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{corpus}: {cleared} of {compiled} compiled snippets cleared by the fast path");
        if (corpus == "legit.txt")
        {
            cleared.Should().BeGreaterThan(compiled / 2, "most legitimate snippets need no binding");
        }
    }
}
