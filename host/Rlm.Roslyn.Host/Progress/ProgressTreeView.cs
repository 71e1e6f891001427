using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Rlm.Roslyn.Host;

/// <summary>
/// Draws a <see cref="ProgressModel"/> as a Spectre tree: a header with totals, then the run tree. Running nodes are
/// expanded; finished ones are one line each (their branch collapsed), and only the last few of them are kept.
/// </summary>
internal static class ProgressTreeView
{
    /// <summary>Finished sub-calls shown under one node; earlier ones are counted on one line.</summary>
    public const int FinishedShown = 3;

    /// <summary>Running sub-calls shown under one node; the rest are counted on one line.</summary>
    public const int RunningShown = 8;

    public static IRenderable Render(ProgressModel model, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Root is not { } root)
        {
            return new Markup("[grey]rlm: starting…[/]");
        }

        var header = Inv($"[bold]rlm[/] [grey]·[/] {Seconds((root.Ended ?? now) - root.Started)} [grey]·[/] {model.Calls:N0} LM call(s) [grey]·[/] {model.Tokens:N0} tokens{(model.CostUsd > 0 ? $" [grey]·[/] ${model.CostUsd:0.####}" : "")}");
        var inFlight = root.InFlight;
        if (inFlight > 0)
        {
            header += Inv($" [grey]·[/] [yellow]{inFlight} sub-call(s) in flight[/]");
        }

        var tree = new Tree(Label(root, now)) { Guide = TreeGuide.Line, Style = new Style(Color.Grey) };
        AddChildren(tree, root, now);
        return new Rows(new Markup(header), tree);
    }

    private static void AddChildren(IHasTreeNodes parent, ProgressNode node, DateTimeOffset now)
    {
        var finished = node.Children.Where(c => !c.IsRunning).ToList();
        var running = node.Children.Where(c => c.IsRunning).ToList();
        var hidden = finished.Count - FinishedShown;
        if (hidden > 0)
        {
            var failed = finished.Take(hidden).Count(c => c.Succeeded == false);
            parent.AddNode(new Markup(Inv($"[grey]{hidden} earlier sub-call(s) finished{(failed > 0 ? $", [red]{failed} failed[/]" : "")}[/]")));
        }

        foreach (var done in finished.Skip(Math.Max(0, hidden)))
        {
            parent.AddNode(Label(done, now));
        }

        foreach (var child in running.Take(RunningShown))
        {
            AddChildren(parent.AddNode(Label(child, now)), child, now);
        }

        if (running.Count > RunningShown)
        {
            parent.AddNode(new Markup(Inv($"[grey]… {running.Count - RunningShown} more running[/]")));
        }
    }

    private static Markup Label(ProgressNode node, DateTimeOffset now)
    {
        var icon = node.IsRunning ? "[yellow]●[/]" : node.Succeeded == false ? "[red]✗[/]" : "[green]✓[/]";
        var kind = node.Kind switch
        {
            ProgressNodeKind.Root => "[bold blue]root RLM[/]",
            ProgressNodeKind.Child => Inv($"[blue]child RLM[/] [grey]d{node.Depth}[/]"),
            _ => Inv($"[purple]LLM call[/] [grey]d{node.Depth}[/]"),
        };
        var text = Inv($"{icon} [grey]{Markup.Escape(node.Path)}[/] {kind} {Markup.Escape(Quote(node.Label))}");
        text += node.IsRunning || node.Result is null
            ? Inv($" [grey]·[/] {Markup.Escape(node.Activity)}")
            : Inv($" [grey]→[/] {Markup.Escape(ProgressModel.OneLine(node.Result, 60))}");
        var tokens = node.Kind == ProgressNodeKind.Llm ? node.Tokens : node.TreeTokens;
        text += Inv($" [grey]· {tokens:N0} tok · {Seconds((node.Ended ?? now) - node.Started)}[/]");
        return new Markup(text);
    }

    private static string Quote(string label) => label.Length == 0 ? "" : "\"" + ProgressModel.OneLine(label, 50) + "\"";

    private static string Seconds(TimeSpan elapsed) => Inv($"{Math.Max(0, elapsed.TotalSeconds):0.0} s");

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
