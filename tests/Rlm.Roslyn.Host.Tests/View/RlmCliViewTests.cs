using System.Text.Json;
using System.Xml.Linq;
using Rlm.Roslyn.Host.Tests.Fakes;

namespace Rlm.Roslyn.Host.Tests.View;

/// <summary><c>rlm view</c> and <c>rlm ask --html</c>: the page's tree, its texts, escaping, and bad traces.</summary>
public sealed class RlmCliViewTests
{
    [Fact]
    public async Task RunAsync_ViewOfTraceWithNestedSubCalls_NestsEachSubCallUnderTheBlockThatMadeIt()
    {
        using var host = new HostHarness();
        var trace = host.PathOf("run.jsonl");
        (await NestedRun.AskAsync(host, "--trace", trace)).Should().Be(0, "stderr was: {0}", host.Error);
        var output = host.PathOf("page.html");

        var exitCode = await host.RunAsync("view", trace, "-o", output);

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        host.Out.Should().EndWith(output + Environment.NewLine);
        var page = XhtmlPage.Load(output);
        page.RunNodes().Select(n => (string)n.Attribute("data-path")!).Should().Equal("0", "0.1", "0.1.1", "0.2");

        var root = page.RunNode("0");
        root.HasClass("root").Should().BeTrue();
        root.Elements("div").Single().Elements("details").Where(d => d.HasClass("turn")).Select(t => (string?)t.Attribute("data-turn")).Should().Equal("1", "2");

        var child = page.RunNode("0.1");
        child.HasClass("child").Should().BeTrue();
        var rootBlock = child.ParentDetails()!;
        rootBlock.HasClass("snippet").Should().BeTrue();
        rootBlock.ParentDetails()!.Attribute("data-turn")!.Value.Should().Be("1");
        rootBlock.ParentDetails()!.ParentDetails().Should().BeSameAs(root);
        page.RunNode("0.2").ParentDetails().Should().BeSameAs(rootBlock, "the root's own Llm call ran in the same block");

        var grandchild = page.RunNode("0.1.1");
        grandchild.HasClass("llm").Should().BeTrue();
        var childBlock = grandchild.ParentDetails()!;
        childBlock.HasClass("snippet").Should().BeTrue();
        childBlock.ParentDetails()!.ParentDetails().Should().BeSameAs(child);

        var texts = AllTexts(page);
        texts.Should().Contain(t => t.Contains("Recurse(\"Which city is the capital?\"", StringComparison.Ordinal), "the root's code is on the page");
        texts.Should().Contain(t => t.Contains("child found Paris", StringComparison.Ordinal), "the child's output is on the page");
        texts.Should().Contain(t => t.Contains("── system ──", StringComparison.Ordinal) && t.Contains(NestedRun.ChildMarker, StringComparison.Ordinal), "the child's prompt is on the page");
        texts.Should().Contain(t => t == "PARIS", "the root's sub-call response is on the page");
        page.Descendants("section").Single(s => (string?)s.Attribute("id") == "answer").Value.Should().Contain(NestedRun.Answer);
        Summary(page).Should().Contain("final").And.Contain("2 turn(s)").And.Contain("3 sub-call(s)").And.Contain("6 LM call(s)");
        grandchild.Element("summary")!.Value.Should().Contain("1 LM call(s)");
    }

    [Fact]
    public async Task RunAsync_AskWithHtml_WritesThePageAtTheEnd()
    {
        using var host = new HostHarness();
        var output = host.PathOf("out/run.html");
        Directory.CreateDirectory(host.PathOf("out"));

        var exitCode = await NestedRun.AskAsync(host, "--html", output);

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        host.Out.Should().Be(NestedRun.Answer + Environment.NewLine, "the page is a side effect; stdout keeps only the answer");
        var page = XhtmlPage.Load(output);
        page.RunNodes().Select(n => (string)n.Attribute("data-path")!).Should().Equal("0", "0.1", "0.1.1", "0.2");
        AllTexts(page).Should().Contain(t => t.Contains("── user ──\nQuestion: What is the capital?", StringComparison.Ordinal), "turn 1's prompt is recorded");
    }

    [Fact]
    public async Task RunAsync_AskWithHtmlInMissingFolder_FailsBeforeTheRun()
    {
        using var host = new HostHarness();

        var exitCode = await host.RunAsync("ask", "q", host.WriteFile("a.txt", "x"), "--html", host.PathOf("nowhere/run.html"), "--endpoint", "http://127.0.0.1:9/v1", "--api-key", "k");

        exitCode.Should().Be(2);
        host.ErrorLines.Should().ContainSingle().Which.Should().StartWith("rlm: --html: the folder").And.Contain("does not exist");
    }

    [Fact]
    public async Task RunAsync_ModelOutputWithMarkup_IsShownAsTextNeverRunAsScript()
    {
        const string hostile = "</script><script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\"> & ]]> \u0001";
        using var host = new HostHarness();
        var trace = host.PathOf("run.jsonl");
        var file = host.WriteFile("a.txt", "data\n");
        var longHostile = string.Concat(Enumerable.Repeat(hostile + "\n", 40));
        await using (var server = await ScriptedOpenAIServer.StartAsync(
            ModelReply.WithCode(hostile, $"Print(@\"{longHostile.Replace("\"", "\"\"", StringComparison.Ordinal)}\");"),
            $"FINAL({hostile})"))
        {
            (await host.AskAsync(server, hostile, file, "--trace", trace)).Should().Be(0, "stderr was: {0}", host.Error);
        }

        var output = host.PathOf("page.html");
        (await host.RunAsync("view", trace, "-o", output)).Should().Be(0);

        var page = XhtmlPage.Load(output);
        page.Descendants("script").Should().HaveCount(2, "only the viewer's data and code");
        page.Descendants("img").Should().BeEmpty();
        page.Descendants().Attributes().Should().NotContain(a => a.Name.LocalName.StartsWith("on", StringComparison.Ordinal));
        page.Descendants("h1").Single().Value.Should().Be(hostile.Replace('\u0001', '\uFFFD'));
        AllTexts(page).Should().Contain(t => t.Contains(longHostile.TrimEnd(), StringComparison.Ordinal), "the long output travels intact as JSON text");
        File.ReadAllText(output).Should().NotContain("<script>window", "markup from the trace is encoded");
    }

    [Fact]
    public async Task RunAsync_TraceWithTruncatedAndInvalidLines_SkipsThemWithNotices()
    {
        using var host = new HostHarness();
        var trace = host.PathOf("run.jsonl");
        (await NestedRun.AskAsync(host, "--trace", trace)).Should().Be(0);
        var lines = File.ReadAllLines(trace).ToList();
        var total = lines.Count;
        lines.Insert(3, "this is not json");
        lines.Insert(5, "[1, 2]");
        lines.Insert(6, "{\"path\":\"0\"}");
        lines[^1] = lines[^1][..(lines[^1].Length / 2)];
        File.WriteAllLines(trace, lines);
        var output = host.PathOf("page.html");

        var exitCode = await host.RunAsync("view", trace, "--output", output);

        exitCode.Should().Be(0);
        host.ErrorLines.Should().HaveCount(4);
        host.ErrorLines[0].Should().StartWith("rlm view: skipped line 4: not valid JSON");
        host.ErrorLines[1].Should().StartWith("rlm view: skipped line 6: not a JSON object");
        host.ErrorLines[2].Should().StartWith("rlm view: skipped line 7: no string \"type\"");
        host.ErrorLines[3].Should().StartWith($"rlm view: skipped line {total + 3}: not valid JSON");
        var page = XhtmlPage.Load(output);
        page.Descendants("section").Single(s => (string?)s.Attribute("id") == "notices").Descendants("li").Should().HaveCount(4);
        page.Descendants("section").Single(s => (string?)s.Attribute("id") == "answer").Value.Should().Contain("No final answer", "the truncated last line was the root's final event");
        page.RunNode("0.1.1").Should().NotBeNull("the tree is still built from the good lines");
    }

    [Fact]
    public async Task RunAsync_MissingTrace_ExitsTwoWithOneLine()
    {
        using var host = new HostHarness();

        var exitCode = await host.RunAsync("view", host.PathOf("missing.jsonl"));

        exitCode.Should().Be(2);
        host.ErrorLines.Should().ContainSingle().Which.Should().Be($"rlm: trace file '{host.PathOf("missing.jsonl")}' not found.");
    }

    [Fact]
    public async Task RunAsync_TraceWithoutEvents_ExitsTwo()
    {
        using var host = new HostHarness();
        var trace = host.WriteFile("empty.jsonl", "\n\nnot json\n");

        var exitCode = await host.RunAsync("view", trace);

        exitCode.Should().Be(2);
        host.ErrorLines.Should().HaveCount(2);
        host.ErrorLines[0].Should().Be("rlm view: skipped line 3: not valid JSON ('not json' is an invalid JSON literal. Expected the literal 'null'): not json");
        host.ErrorLines[1].Should().Be($"rlm: '{trace}' holds no trace events (write one with rlm ask --trace FILE).");
        File.Exists(Path.ChangeExtension(trace, ".html")).Should().BeFalse();
    }

    [Fact]
    public async Task RunAsync_ViewWithoutPath_IsAUsageError()
    {
        using var host = new HostHarness();

        var exitCode = await host.RunAsync("view");

        exitCode.Should().Be(2);
        host.ErrorLines.Should().ContainSingle().Which.Should().Contain("rlm view needs a trace file");
    }

    /// <summary>Every text of the page: the markup's text nodes and the lazily shown texts carried as JSON.</summary>
    internal static IReadOnlyList<string> AllTexts(XDocument page)
    {
        var json = page.Descendants("script").Single(s => (string?)s.Attribute("id") == "rlm-texts").Value;
        var lazy = JsonSerializer.Deserialize<List<string>>(json)!;
        return [.. page.Descendants("pre").Select(p => p.Value), .. lazy];
    }

    private static string Summary(XDocument page) =>
        page.Descendants("div").Single(d => (string?)d.Attribute("id") == "summary").Value;
}
