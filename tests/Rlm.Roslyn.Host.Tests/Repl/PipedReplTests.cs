namespace Rlm.Roslyn.Host.Tests.Repl;

public sealed class PipedReplTests
{
    private static async Task<List<string>> SplitAsync(string input)
    {
        var snippets = new List<string>();
        await foreach (var snippet in PipedRepl.ReadSnippetsAsync(new StringReader(input), TestContext.Current.CancellationToken))
        {
            snippets.Add(snippet);
        }

        return snippets;
    }

    [Fact]
    public async Task ReadSnippetsAsync_SeparatorLines_SplitAndNormalizeLineEnds()
    {
        var snippets = await SplitAsync("a;\r\nb;\r\n---\r\nc;\n---  \t\nd;");

        snippets.Should().Equal("a;\nb;\n", "c;\n", "d;\n");
    }

    [Theory]
    [InlineData(" ---")]
    [InlineData("----")]
    [InlineData("--")]
    [InlineData("--- x")]
    [InlineData("x ---")]
    public async Task ReadSnippetsAsync_LineThatIsNotOnlyTheSeparator_StaysInTheSnippet(string line)
    {
        var snippets = await SplitAsync($"a;\n{line}\nb;\n");

        snippets.Should().Equal($"a;\n{line}\nb;\n");
    }

    [Fact]
    public async Task ReadSnippetsAsync_BlankSnippets_AreSkipped()
    {
        var snippets = await SplitAsync("---\n\n---\n \t\n---\nx;\n---\n---\n");

        snippets.Should().Equal("x;\n");
    }

    [Fact]
    public async Task ReadSnippetsAsync_LeadingBlankLines_AreKeptSoLineNumbersMatchTheInput()
    {
        var snippets = await SplitAsync("---\n\nx;\n");

        snippets.Should().Equal("\nx;\n");
    }

    [Fact]
    public async Task ReadSnippetsAsync_NoInput_YieldsNothing()
    {
        (await SplitAsync(string.Empty)).Should().BeEmpty();
    }
}
