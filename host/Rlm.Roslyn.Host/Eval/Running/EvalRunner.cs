using System.Diagnostics;
using System.Globalization;

namespace Rlm.Roslyn.Host.Eval;

/// <summary>
/// Runs every method on every task of a family, appends one JSONL line per answered task, skips tasks already in
/// the file (so an interrupted run resumes), reports progress, and writes the markdown summary and the SVG chart.
/// </summary>
internal sealed class EvalRunner(EvalRunOptions options, IEvalProgress progress)
{
    /// <summary>A runner that writes one plain line per task to <paramref name="progress"/>.</summary>
    public EvalRunner(EvalRunOptions options, TextWriter progress)
        : this(options, new EvalLineProgress(progress, showRuns: false))
    {
    }

    /// <summary>The JSONL results file of <paramref name="family"/> under <paramref name="folder"/>.</summary>
    public static string ResultsPath(string folder, string family) => Path.Combine(folder, family + ".jsonl");

    /// <summary>Runs and returns what happened; the summary table is at <c>{family}.md</c> and the chart at <c>{family}.svg</c>.</summary>
    public async Task<EvalRunReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var c = CultureInfo.InvariantCulture;
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(options.OutputFolder);
        var family = options.Family;
        var store = new EvalResultStore(ResultsPath(options.OutputFolder, family.Name));
        var done = store.Read(out var damaged).Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        if (damaged > 0)
        {
            await progress.WriteLineAsync(string.Create(c, $"rlm eval: {damaged} unreadable line(s) in {store.Path}; those tasks run again.")).ConfigureAwait(false);
        }

        var total = options.Lengths.Count * options.Count * options.Methods.Count;
        int position = 0, ran = 0, resumed = 0, failed = 0, failedInARow = 0;
        var scores = new Dictionary<string, (int Count, double Sum)>(StringComparer.Ordinal);
        foreach (var length in options.Lengths)
        {
            foreach (var task in family.Generate(length, options.Count, options.Seed))
            {
                foreach (var method in options.Methods)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    position++;
                    var scored = scores.GetValueOrDefault(method.Name);
                    var header = new EvalTaskHeader(position, total, family.Name, length, task.Index, method.Name, scored.Count, scored.Count == 0 ? null : scored.Sum / scored.Count);
                    var label = header.Label;
                    if (done.Contains(EvalResult.MakeKey(method.Name, options.Model, length, task.Index, options.Seed)))
                    {
                        resumed++;
                        continue;
                    }

                    var watch = Stopwatch.StartNew();
                    EvalAnswer answer;
                    await progress.TaskStartedAsync(header).ConfigureAwait(false);
                    try
                    {
                        answer = await method.AnswerAsync(task, progress.ShowsRuns ? progress : null, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        failed++;
                        await progress.TaskEndedAsync($"{label} failed: {ex.GetType().Name}: {RlmCli.OneLine(ex.Message)}", failed: true).ConfigureAwait(false);
                        if (++failedInARow >= options.MaxConsecutiveFailures)
                        {
                            await progress.WriteLineAsync(string.Create(c, $"rlm eval: stopping after {failedInARow} failures in a row; rerun the same command to resume.")).ConfigureAwait(false);
                            return await FinishAsync(store, ran, resumed, failed, clock).ConfigureAwait(false);
                        }

                        continue;
                    }

                    failedInARow = 0;
                    var result = Result(task, method, answer, watch.Elapsed);
                    await store.AppendAsync(result, CancellationToken.None).ConfigureAwait(false);
                    ran++;
                    scores[method.Name] = (scored.Count + 1, scored.Sum + result.Score);
                    var note = answer.Note is null ? string.Empty : $" ({answer.Note})";
                    await progress.TaskEndedAsync(string.Create(c, $"{label}: score {result.Score:0.00}, {result.Calls} calls, {result.InputTokens + result.OutputTokens:N0} tokens, {result.Seconds:0.0} s{note}"), failed: false).ConfigureAwait(false);
                }
            }
        }

        return await FinishAsync(store, ran, resumed, failed, clock).ConfigureAwait(false);
    }

    private async Task<EvalRunReport> FinishAsync(EvalResultStore store, int ran, int resumed, int failed, Stopwatch clock)
    {
        var rows = EvalSummary.Rows(store.Read(out _));
        var name = options.Family.Name;
        await File.WriteAllTextAsync(Path.Combine(options.OutputFolder, name + ".md"), EvalSummary.Markdown(name, rows)).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(options.OutputFolder, name + ".svg"), EvalChart.Svg(name, rows)).ConfigureAwait(false);
        using var process = Process.GetCurrentProcess();
        return new EvalRunReport(ran, resumed, failed, rows, clock.Elapsed, process.PeakWorkingSet64);
    }

    private EvalResult Result(EvalTask task, IEvalMethod method, EvalAnswer answer, TimeSpan elapsed)
    {
        double? cost = options.InputPricePerMillion is { } input && options.OutputPricePerMillion is { } output
            ? ((answer.Usage.InputTokens * input) + (answer.Usage.OutputTokens * output)) / 1_000_000
            : null;
        return new EvalResult(
            task.Family,
            method.Name,
            options.Model,
            EvalSettings.IsRlm(method.Name) ? options.SubModel : null,
            task.LengthTokens,
            task.Index,
            options.Seed,
            task.ContextTokens,
            answer.PromptTokens,
            task.Question,
            answer.Answer,
            task.Gold,
            EvalScorer.Score(task.Scoring, task.Gold, answer.Answer),
            answer.Usage.Calls,
            answer.Usage.InputTokens,
            answer.Usage.OutputTokens,
            cost,
            Math.Round(elapsed.TotalSeconds, 3),
            answer.Iterations,
            answer.Ending,
            answer.Note);
    }
}
