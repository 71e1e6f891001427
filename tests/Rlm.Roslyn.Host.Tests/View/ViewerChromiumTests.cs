using System.Text.RegularExpressions;
using Rlm.Roslyn.Host.Tests.Fakes;

namespace Rlm.Roslyn.Host.Tests.View;

/// <summary>The viewer's page in a real browser (headless Chromium): it loads without console errors, expands, searches and renders.</summary>
public sealed class ViewerChromiumTests
{
    [Fact]
    public async Task Page_OpenedWithExpand_LoadsWithoutConsoleMessagesAndOpensEveryNode()
    {
        using var host = new HostHarness();
        var page = await WritePageAsync(host);

        var (exitCode, dom, error) = await HeadlessChromium.RunAsync("--dump-dom", new Uri(page) + "#expand");

        exitCode.Should().Be(0, "chromium's stderr was: {0}", error);
        HeadlessChromium.ConsoleMessages(error).Should().BeEmpty("the page logs nothing unless something failed");
        dom.Should().Contain("data-viewer=\"ready\"", "the script ran to its end").And.NotContain("id=\"rlm-error\"");
        var details = Regex.Matches(dom, "<details[^>]*>").Select(m => m.Value).ToList();
        details.Should().HaveCountGreaterThan(10).And.OnlyContain(d => d.Contains("open=\"\"", StringComparison.Ordinal), "#expand opens every node");
        foreach (var path in new[] { "0", "0.1", "0.1.1", "0.2" })
        {
            details.Should().ContainSingle(d => d.Contains($"data-path=\"{path}\"", StringComparison.Ordinal));
        }

        var lazy = Regex.Matches(dom, "<pre[^>]*class=\"[^\"]*lazy[^\"]*\"[^>]*>").Select(m => m.Value).ToList();
        lazy.Should().NotBeEmpty("the prompts are longer than the inline limit").And.OnlyContain(p => p.Contains("data-filled=\"1\"", StringComparison.Ordinal));
        dom.Should().Contain(NestedRun.ChildMarker, "the child's system prompt was put into the page when its node opened");
    }

    [Fact]
    public async Task Page_OpenedWithSearch_MarksHitsInsideClosedNodes()
    {
        using var host = new HostHarness();
        var page = await WritePageAsync(host);

        var (exitCode, dom, error) = await HeadlessChromium.RunAsync("--dump-dom", new Uri(page) + "#search=child%20found");

        exitCode.Should().Be(0, "chromium's stderr was: {0}", error);
        HeadlessChromium.ConsoleMessages(error).Should().BeEmpty();
        dom.Should().Contain("<mark class=\"current\">child found</mark>", "the child's output is found and marked");
        dom.Should().MatchRegex("<span id=\"hits\">[1-9][0-9]* in texts");
        Regex.Match(dom, "<details[^>]*data-path=\"0\\.1\"[^>]*>").Value.Should().Contain("open=\"\"", "the node holding the hit was opened");
    }

    [Fact]
    public async Task Page_Screenshot_IsANonEmptyPng()
    {
        using var host = new HostHarness();
        var page = await WritePageAsync(host);
        var png = host.PathOf("page.png");

        var (exitCode, _, error) = await HeadlessChromium.RunAsync($"--screenshot={png}", "--window-size=1280,900", "--hide-scrollbars", new Uri(page) + "#expand");

        exitCode.Should().Be(0, "chromium's stderr was: {0}", error);
        HeadlessChromium.ConsoleMessages(error).Should().BeEmpty();
        var bytes = await File.ReadAllBytesAsync(png, TestContext.Current.CancellationToken);
        bytes.Should().HaveCountGreaterThan(10_000, "a rendered page, not a blank image");
        bytes.Take(8).Should().Equal(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A);
        var width = (bytes[16] << 24) | (bytes[17] << 16) | (bytes[18] << 8) | bytes[19];
        width.Should().Be(1280, "the IHDR chunk gives the window's width");
    }

    private static async Task<string> WritePageAsync(HostHarness host)
    {
        var page = host.PathOf("run.html");
        (await NestedRun.AskAsync(host, "--html", page)).Should().Be(0, "stderr was: {0}", host.Error);
        return page;
    }
}
