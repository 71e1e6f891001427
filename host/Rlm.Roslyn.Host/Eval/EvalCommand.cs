using System.Globalization;

namespace Rlm.Roslyn.Host.Eval;

/// <summary><c>rlm eval TASK</c>: generates a task family's questions, runs methods on them, scores, summarises and charts.</summary>
internal static class EvalCommand
{
    public const string Help = """
        Usage: rlm eval TASK [options]

        Generates the paper's task families from a seed, answers every task with each method, scores the answers,
        and writes the results under --out: TASK.jsonl (one line per task and method), TASK.md (the summary table,
        also printed at the end) and TASK.svg (score against context length, one line per method). Tasks already in
        TASK.jsonl are skipped, so rerunning an interrupted command resumes it.

        Tasks:
          niah_single_1          S-NIAH (RULER): a 7-digit number in noise sentences; score: gold in the answer
          niah_single_2          the same in real prose (needs --prose FILE)
          niah_single_3          a UUID in real prose (needs --prose FILE)
          oolong                 OOLONG-style aggregation over labelled records; exact, numbers 0.75^|error|
          oolong_pairs           pairs of users meeting label conditions; F1 over the pairs
          codeqa                 4-choice questions over a real code base (needs --code DIR); accuracy

        Tasks:
          --lengths LIST         context lengths in tokens (4 chars each), e.g. 8K,128K,1M (default 8K,16K,...,1M doubling)
          --n N                  tasks per length (default 50)
          --seed N               generator seed (default 1)
          --prose FILE           real prose for niah_single_2/3 (repeated to fill the length)
          --code DIR             source tree for codeqa (.cs .ts .js .py .go .java .c .h .cpp .rs ...)

        Methods:
          --method LIST          rlm (the engine, C# snippets), rlm-python (the engine with Python blocks in CPython on
                                 WASI, as the original RLM work ran it), base (whole context in one call, cut to
                                 --window and marked so), bm25 (best BM25 chunks up to --window in one call);
                                 comma-separated (default rlm)
          --python-wasm FILE     python.wasm for rlm-python (default: RLM_PYTHON_WASM, else the build script's cache)
          --window TOKENS        the single-call methods' context window (default 128K)
          --chunk-tokens N       bm25 chunk size (default 512)

        Endpoint and run (as in 'rlm ask'):
          --endpoint URL  --api-key KEY  --model NAME  --sub-model NAME
          --max-iterations N  --max-depth N  --snippet-timeout S  --max-concurrency N  --trusted
          --isolation auto|process|in-process
          budgets per task (--max-tokens, --max-sub-calls, --max-time, --max-cost, --prices, --price), retries
          (--retries, --call-timeout) and the sub-call cache (--cache DIR, --no-cache): see 'rlm ask --help'

        Output:
          --out DIR              results folder (default eval-results)
          --progress             also show each rlm run step by step when standard error is not a terminal (plain lines)
          --no-progress, --quiet one line per task only (by default, at a terminal, the running task's live run tree
                                 under a header with task i of n, method, length and the running score)
          --input-price P        price per million input tokens, to record cost (with --output-price)
          --output-price P       price per million output tokens

        Exit codes: 0 every task answered, 1 some tasks failed (rerun to retry them), 2 usage or configuration error.
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, HostConsole console, CancellationToken cancellationToken)
    {
        var settings = EvalSettings.Parse(args, console);
        HostIsolation.AnnounceFallback(settings.Engine, console.Error);
        var family = CreateFamily(settings);
        var root = ChatClientFactory.Create(settings.Endpoint, settings.Endpoint.Model, settings.Retry);
        var sub = settings.Endpoint.SubModel == settings.Endpoint.Model ? root : ChatClientFactory.Create(settings.Endpoint, settings.Endpoint.SubModel, settings.Retry);

        // The live tree when standard error is a terminal (unless turned off); plain lines otherwise, with each rlm
        // run's steps only when --progress asks for them.
        var live = console.IsErrorTerminal && settings.Progress != ProgressMode.Off;
        await using IEvalProgress progress = live
            ? new EvalLiveProgress(RunProgress.Terminal(console.Error))
            : new EvalLineProgress(console.Error, showRuns: settings.Progress == ProgressMode.On);
        var engine = live ? settings.Engine with { StreamReplies = true } : settings.Engine;
        if (settings.InputPrice is { } input && settings.OutputPrice is { } output)
        {
            // The same prices the results record, given to the engine too so the live tree shows the run's cost.
            var price = new ModelPrice((decimal)input, (decimal)output);
            engine = engine with
            {
                Prices = new Dictionary<string, ModelPrice>(engine.Prices, StringComparer.Ordinal) { [settings.Endpoint.Model] = price, [settings.Endpoint.SubModel] = price },
            };
        }
        using var python = settings.Python?.Start();
        var methods = settings.Methods.Select<string, IEvalMethod>(m => m switch
        {
            "rlm" => new RlmEvalMethod(root, sub, engine),
            EvalSettings.RlmPython => new RlmEvalMethod(root, sub, engine with { Language = RlmLanguage.Python, PythonSessions = python }, EvalSettings.RlmPython),
            "base" => new BaseEvalMethod(root, settings.WindowTokens),
            _ => new Bm25EvalMethod(root, settings.WindowTokens, settings.ChunkTokens),
        }).ToList();
        if (settings.Methods.Contains("rlm"))
        {
            _ = RlmEngine.WarmUpAsync(engine);
        }

        var options = new EvalRunOptions
        {
            Family = family,
            Lengths = settings.Lengths,
            Count = settings.Count,
            Seed = settings.Seed,
            Methods = methods,
            OutputFolder = settings.OutputFolder,
            Model = settings.Endpoint.Model,
            SubModel = settings.Endpoint.SubModel,
            InputPricePerMillion = settings.InputPrice,
            OutputPricePerMillion = settings.OutputPrice,
        };

        var report = await new EvalRunner(options, progress).RunAsync(cancellationToken).ConfigureAwait(false);
        await console.Out.WriteAsync(EvalSummary.Markdown(family.Name, report.Rows)).ConfigureAwait(false);
        var folder = Path.GetFullPath(settings.OutputFolder);
        await console.Error.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"rlm eval: {report.Ran} answered, {report.Resumed} already done, {report.Failed} failed in {report.Elapsed.TotalSeconds:0.0} s; peak working set {report.PeakWorkingSetBytes / (1024.0 * 1024):0} MB. Results in {Path.Combine(folder, family.Name)}.jsonl/.md/.svg")).ConfigureAwait(false);
        return report.Failed == 0 ? ExitCodes.Answered : ExitCodes.Failure;
    }

    private static IEvalFamily CreateFamily(EvalSettings settings) => settings.Task switch
    {
        "niah_single_1" => new NiahFamily(NiahVariant.NoiseNumbers, null),
        "niah_single_2" => new NiahFamily(NiahVariant.ProseNumbers, ReadProse(settings.ProsePath!)),
        "niah_single_3" => new NiahFamily(NiahVariant.ProseUuids, ReadProse(settings.ProsePath!)),
        "oolong" => new OolongFamily(),
        "oolong_pairs" => new OolongPairsFamily(),
        _ => new CodeQaFamily(CodeBase.Load(settings.CodePath!)),
    };

    private static string ReadProse(string path)
    {
        var text = File.ReadAllText(path);
        return string.IsNullOrWhiteSpace(text) ? throw new UsageException($"--prose: '{path}' is empty.") : text;
    }
}
