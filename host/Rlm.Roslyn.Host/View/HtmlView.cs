using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Rlm.Roslyn.Host;

/// <summary>
/// Writes a run tree as one self-contained HTML page: inline CSS and JS, no network, no external assets. The tree is
/// nested <c>&lt;details&gt;</c> elements (RLM → turn → code block → sub-call → ...); every text from the trace is
/// HTML-encoded, and long texts (prompts, replies, code, outputs) travel as JSON in a
/// <c>&lt;script type="application/json"&gt;</c> block and are put into the page (as text, never as markup) when their
/// node is first opened. The markup is well-formed XML, so tools (and tests) can read its structure.
/// </summary>
internal sealed class HtmlView
{
    /// <summary>Texts up to this many chars are written inline; longer ones load when opened.</summary>
    public const int InlineChars = 200;

    private static readonly Lazy<string> Css = new(() => Resource("viewer.css"));
    private static readonly Lazy<string> Js = new(() => Resource("viewer.js"));

    private readonly StringBuilder _html = new();
    private readonly List<string> _texts = [];
    private TraceRun? _root;

    private HtmlView()
    {
    }

    /// <summary>The page for <paramref name="model"/>; <paramref name="notices"/> (skipped trace lines) are listed at the top.</summary>
    public static string Render(TraceModel model, IReadOnlyList<TraceNotice> notices, string title)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(notices);
        var view = new HtmlView();
        view.Page(model, notices, title);
        return view._html.ToString();
    }

    private void Page(TraceModel model, IReadOnlyList<TraceNotice> notices, string title)
    {
        var root = model.Root;
        _root = root;
        Raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
        Raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\"/>\n");
        Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>");
        Text("rlm: " + OneLine(root?.Query ?? title, 120));
        Raw("</title>\n<style>/*<![CDATA[*/\n").Raw(Css.Value).Raw("\n/*]]>*/</style>\n</head>\n<body>\n");

        Raw("<header>\n<h1>");
        Text(root?.Query ?? "(no question in the trace)");
        Raw("</h1>\n<div class=\"summary\" id=\"summary\">");
        Summary(model);
        Raw("</div>\n<div class=\"controls\"><input type=\"search\" id=\"search\" placeholder=\"Search prompts, replies, code, outputs\" autocomplete=\"off\"/>");
        Raw("<span id=\"hits\"></span><button type=\"button\" id=\"expand\">Expand all</button><button type=\"button\" id=\"collapse\">Collapse all</button></div>\n</header>\n");

        if (notices.Count > 0)
        {
            Raw("<section class=\"notices\" id=\"notices\"><h2>");
            Text($"{notices.Count} trace line(s) skipped");
            Raw("</h2><ul>");
            foreach (var notice in notices)
            {
                Raw("<li>");
                Text(notice.ToString());
                Raw("</li>");
            }

            Raw("</ul></section>\n");
        }

        Raw("<section class=\"answer\" id=\"answer\"><h2>");
        Text(root?.Ending switch
        {
            null => "No final answer in the trace (the run did not finish, or the trace was cut short)",
            "final" => "Final answer",
            "iteration_limit" => "Partial answer (iteration limit)",
            var other => $"Ended: {other}",
        });
        Raw("</h2>");
        if (root?.Reason is { } reason)
        {
            Raw("<p class=\"reason\">");
            Text(reason);
            Raw("</p>");
        }

        if (root?.Answer is { } answer)
        {
            Pre("answer-text", answer);
        }

        Raw("</section>\n<main id=\"tree\">\n");
        if (root is not null)
        {
            Node(root, open: true);
        }

        Raw("</main>\n<script type=\"application/json\" id=\"rlm-texts\">");

        // The default encoder escapes <, >, &, quotes and non-ASCII: the JSON can close neither the script nor the page.
        Raw(JsonSerializer.Serialize(_texts));
        Raw("</script>\n<script>//<![CDATA[\n").Raw(Js.Value).Raw("\n//]]></script>\n</body>\n</html>\n");
    }

    private void Summary(TraceModel model)
    {
        var root = model.Root;
        var usage = model.ReportedTotal ?? root?.TreeUsage ?? default;
        var parts = new List<string>();
        if (root?.Ending is { } ending)
        {
            parts.Add(ending.Replace('_', ' '));
        }

        if (root is not null)
        {
            parts.Add(Inv($"{root.Turns.Count} turn(s)"));
            parts.Add(Inv($"{CountNodes(root) - 1} sub-call(s)"));
            if (root.ContextChars is { } chars)
            {
                parts.Add(Inv($"context {chars:N0} chars in {root.DocumentCount ?? 0:N0} document(s)"));
            }
        }

        parts.Add(UsageText(usage));
        if (model.Started is { } start && model.Ended is { } end)
        {
            parts.Add(Seconds((end - start).TotalMilliseconds));
        }

        if (model.UnknownEvents > 0)
        {
            parts.Add(Inv($"{model.UnknownEvents} event(s) of unknown type ignored"));
        }

        Text(string.Join(" · ", parts));
    }

    private void Node(TraceRun run, bool open)
    {
        var root = _root;
        var kind = run.Kind switch { "root" => "rlm root", "recurse" => "rlm child", _ => "llm" };
        var state = run.IsFinished ? (run.Succeeded == false || run.Ending == "error" ? "failed" : "done") : "unfinished";
        Raw("<details class=\"node ").Raw(kind).Raw(' ').Raw(state).Raw("\" data-path=\"").Attr(run.Path).Raw('"').Raw(open ? " open=\"\"" : "").Raw(">\n<summary>");
        Span("path", run.Path);
        Span("kind", run.Kind switch { "root" => "root RLM", "recurse" => "child RLM", _ => "LLM call" });
        Span("label", OneLine(run.Query ?? "", 140));
        var stats = new List<string>();
        if (run.Turns.Count > 0)
        {
            stats.Add(Inv($"{run.Turns.Count} turn(s)"));
        }

        stats.Add(UsageText(run.TreeUsage));
        if (run.ElapsedMs is { } ms)
        {
            stats.Add(Seconds(ms));
        }

        if (state != "done")
        {
            stats.Add(state);
        }

        Span("stats", string.Join(" · ", stats));
        Raw("</summary>\n<div class=\"body\">\n");

        if (run.Kind != "root" && run.Query is { } prompt)
        {
            Block("prompt", run.Kind == "llm" ? Inv($"prompt ({run.PromptChars ?? prompt.Length:N0} chars sent; first 500 shown)") : "question", prompt);
        }

        if (run.ContextChars is { } chars)
        {
            Raw("<p class=\"meta\">");
            Text(Inv($"context: {chars:N0} chars, {run.DocumentCount ?? 0:N0} document(s)"));
            Raw("</p>\n");
        }

        foreach (var turn in run.Turns)
        {
            // The root's turns tell the run's story: open. Sub-calls below them start closed.
            Turn(turn, open: run == root);
        }

        foreach (var loose in run.LooseSubCalls)
        {
            Node(loose, open: false);
        }

        if (run.Kind != "root" && run.Response is { } response)
        {
            Block(run.Succeeded == false ? "response failed" : "response", "returned to the snippet", response, open: true);
        }

        if (run.Kind != "root" && run.Answer is { } answer)
        {
            Block("answer-text", "answer" + (run.Reason is { } why ? " (" + why + ")" : ""), answer, open: true);
        }

        Raw("</div>\n</details>\n");
    }

    private void Turn(TraceTurn turn, bool open)
    {
        Raw("<details class=\"turn\" data-turn=\"").Raw(Inv($"{turn.Iteration}")).Raw(open ? "\" open=\"\">\n<summary>" : "\">\n<summary>");
        Span("kind", Inv($"turn {turn.Iteration}"));
        Span("label", OneLine(ReplyHead(turn.Reply), 140));
        Span("stats", string.Join(" · ", new[] { Inv($"{turn.Snippets.Count} code block(s)"), UsageText(turn.Usage) }));
        Raw("</summary>\n<div class=\"body\">\n");
        if (turn.Prompt.Count > 0)
        {
            var text = string.Join("\n\n", turn.Prompt.Select(m => $"── {m.Role} ──\n{m.Text}"));
            Block("prompt", Inv($"prompt: {turn.Prompt.Count} new message(s), {turn.Prompt.Sum(m => m.Text.Length):N0} chars"), text);
        }

        if (turn.Reply is { } reply)
        {
            Block("reply", Inv($"reply ({reply.Length:N0} chars)"), reply);
        }

        foreach (var snippet in turn.Snippets)
        {
            Snippet(snippet);
        }

        foreach (var note in turn.Notes)
        {
            Raw("<p class=\"note\">");
            Text(note);
            Raw("</p>\n");
        }

        Raw("</div>\n</details>\n");
    }

    private void Snippet(TraceSnippet snippet)
    {
        var outcome = snippet.Outcome ?? "unfinished";
        Raw("<details class=\"snippet ").Raw(outcome == "completed" ? "ok" : "bad").Raw("\" data-block=\"").Raw(Inv($"{snippet.Block}")).Raw("\" open=\"\">\n<summary>");
        Span("kind", Inv($"block {snippet.Block + 1}"));
        Span("label", OneLine(snippet.Code, 100));
        var stats = new List<string> { outcome.Replace('_', ' ') };
        if (snippet.ElapsedMs is { } ms)
        {
            stats.Add(Seconds(ms));
        }

        if (snippet.SubCalls.Count > 0)
        {
            stats.Add(Inv($"{snippet.SubCalls.Count} sub-call(s)"));
        }

        Span("stats", string.Join(" · ", stats));
        Raw("</summary>\n<div class=\"body\">\n");
        Block("code", Inv($"{snippet.Language} ({snippet.Code.Split('\n').Length} line(s))"), snippet.Code, open: true);
        if (snippet.Output is { } output)
        {
            var label = outcome switch
            {
                "completed" => "output",
                "compile_error" => "diagnostics",
                _ => outcome.Replace('_', ' '),
            };
            Block(outcome == "completed" ? "output" : "output diagnostics", Inv($"{label} ({output.Length:N0} chars)"), output, open: true);
        }

        foreach (var sub in snippet.SubCalls)
        {
            Node(sub, open: false);
        }

        Raw("</div>\n</details>\n");
    }

    /// <summary>A titled text: its own details element, so long texts stay closed until asked for.</summary>
    private void Block(string cssClass, string title, string text, bool open = false)
    {
        Raw("<details class=\"text ").Raw(cssClass).Raw('"').Raw(open && text.Length <= InlineChars ? " open=\"\"" : "").Raw("><summary>");
        Text(title);
        Raw("</summary>");
        Pre(cssClass, text);
        Raw("</details>\n");
    }

    private void Pre(string cssClass, string text)
    {
        if (text.Length <= InlineChars)
        {
            Raw("<pre class=\"").Raw(cssClass).Raw("\">");
            Text(text);
            Raw("</pre>");
            return;
        }

        _texts.Add(text);
        Raw("<pre class=\"").Raw(cssClass).Raw(" lazy\" data-text=\"").Raw(Inv($"{_texts.Count - 1}")).Raw("\" data-chars=\"").Raw(Inv($"{text.Length}")).Raw("\"></pre>");
    }

    private void Span(string cssClass, string text)
    {
        Raw("<span class=\"").Raw(cssClass).Raw("\">");
        Text(text);
        Raw("</span>");
    }

    private HtmlView Raw(string markup)
    {
        _html.Append(markup);
        return this;
    }

    private HtmlView Raw(char markup)
    {
        _html.Append(markup);
        return this;
    }

    private void Text(string text) => _html.Append(HtmlEncoder.Default.Encode(XmlSafe(text)));

    private HtmlView Attr(string text)
    {
        Text(text);
        return this;
    }

    /// <summary>Control chars other than tab and line breaks cannot appear in XML or render in HTML: shown as U+FFFD.</summary>
    private static string XmlSafe(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\0', '\u001f') && !text.Contains('\uFFFE', StringComparison.Ordinal) && !text.Contains('\uFFFF', StringComparison.Ordinal))
        {
            return text;
        }

        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = (c < ' ' && c is not ('\t' or '\n' or '\r')) || c is '\uFFFE' or '\uFFFF' ? '\uFFFD' : c;
            }
        });
    }

    private static string ReplyHead(string? reply)
    {
        if (reply is null)
        {
            return "(no reply)";
        }

        var prose = reply.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith("```", StringComparison.Ordinal));
        return prose ?? "(code only)";
    }

    private static int CountNodes(TraceRun run) => 1 + run.Children.Sum(CountNodes);

    private static string UsageText(TraceUsage usage)
    {
        var text = Inv($"{usage.Calls:N0} LM call(s), {usage.InputTokens:N0} in / {usage.OutputTokens:N0} out tokens");
        return usage.Cost is { } cost ? text + Inv($", ${cost:0.####}") : text;
    }

    private static string Seconds(double ms) => ms < 1000 ? Inv($"{ms:N0} ms") : Inv($"{ms / 1000:N1} s");

    private static string OneLine(string text, int max)
    {
        var flat = string.Join(' ', text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return flat.Length <= max ? flat : string.Concat(flat.AsSpan(0, max - 1), "…");
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Rlm.Roslyn.Host.View." + name)
            ?? throw new InvalidOperationException($"The viewer's {name} is not embedded in the rlm assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
