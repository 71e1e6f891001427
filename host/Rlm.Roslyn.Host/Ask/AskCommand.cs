namespace Rlm.Roslyn.Host;

/// <summary><c>rlm ask "question" PATH...</c>: answers a question over files, folders or standard input.</summary>
internal static class AskCommand
{
    public const string Help = """
        Usage: rlm ask "question" PATH... [options]

        Answers a question over files, folders (recursive) or standard input (PATH "-"). The root model writes
        C# that runs against the context; the answer alone goes to standard output.

        Endpoint (any OpenAI-compatible server):
          --endpoint URL         API base address (default: OPENAI_BASE_URL, else OpenAI)
          --api-key KEY          API key (default: OPENAI_API_KEY)
          --model NAME           root model (default: RLM_MODEL, else gpt-5)
          --sub-model NAME       model for sub-calls and child RLMs (default: RLM_SUB_MODEL, else --model)

        Run:
          --max-iterations N     root turns before asking for the best answer (default 20)
          --max-depth N          deepest child RLM; deeper Recurse calls are plain sub-calls (default 1)
          --snippet-timeout S    seconds one code block may run, sub-calls included (default 300)
          --max-concurrency N    sub-LM requests in flight at once across the whole run tree (default 8)
          --trusted              no restricted-API analyzer: whatever compiles runs (runtime limits still apply)
          --isolation auto|process|in-process   where C# snippets run (default auto: process where a worker can
                                 start, else in-process, said on stderr); process: a worker process with none of
                                 this environment (no API key), sub-calls come back over a pipe, a crash or hang
                                 costs only the worker; on Linux it runs in a bubblewrap jail (no files, no
                                 network; needs bwrap: see sandbox/README.md)
          --language csharp|python   the language the root model writes (default csharp); python runs CPython
                                 in a WebAssembly sandbox (build it once with sandbox/python/build.sh)
          --python               C# runs may also call Python(code) (implied by --language python)
          --python-wasm FILE     python.wasm to use (default: RLM_PYTHON_WASM, else the build script's cache)

        Budgets (for the whole run tree: root, sub-calls and child RLMs; hitting one ends the run with a partial answer):
          --max-tokens N         input plus output tokens (default: no limit)
          --max-input-tokens N   input tokens (default: no limit)
          --max-output-tokens N  output tokens (default: no limit)
          --max-sub-calls N      sub-LM requests, child RLM turns and cache hits included (default 1000)
          --max-time S           seconds of wall-clock time (default: no limit)
          --max-cost USD         dollars, priced by --prices/--price (default: no limit; needs prices for both models)
          --prices FILE          JSON prices per million tokens: {"gpt-5": {"input": 1.25, "output": 10}, ...}
          --price MODEL=IN,OUT   one model's prices per million tokens (repeatable; wins over --prices)

        Resilience and cache:
          --retries N            retries of a call failing with 429, 5xx, a timeout or a dropped connection, with
                                 exponential backoff and jitter, honouring Retry-After (default 4; 0 for none)
          --call-timeout S       seconds one LM request may take before it is retried (default 300)
          --cache DIR            keep sub-call answers in DIR across runs (one JSON file per answer); identical
                                 sub-calls are always answered from an in-memory cache within a run
          --no-cache             send every sub-call to the endpoint, even identical ones

        Context:
          --include GLOB         only files matching (repeatable), e.g. --include "**/*.cs"
          --exclude GLOB         skip files matching (repeatable); .git, bin, obj, node_modules are always skipped

        Output:
          --trace FILE           write every step as JSON Lines (one event per line, flushed as it goes)
          --verbose              show steps live on standard error
          --progress             show progress even when standard error is not a terminal (plain lines)
          --no-progress, --quiet no progress (by default a live tree when standard error is a terminal)
          --html FILE            write the run as a self-contained HTML page at the end (as 'rlm view' does)

        Exit codes: 0 answered, 3 ended by a limit with a partial answer, 2 usage or configuration error, 1 other failure.
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, HostConsole console, CancellationToken cancellationToken)
    {
        var settings = AskSettings.Parse(args, console);
        HostIsolation.AnnounceFallback(settings.Engine, console.Error);

        // Compile the script machinery (or start a warm worker) while the context loads and the first LM call is in flight.
        _ = RlmEngine.WarmUpAsync(settings.Engine);
        var context = await ConsoleContextLoader.LoadAsync(settings.Paths, settings.Loading, console, cancellationToken).ConfigureAwait(false);
        var root = ChatClientFactory.Create(settings.Endpoint, settings.Endpoint.Model, settings.Retry);
        var sub = settings.Endpoint.SubModel == settings.Endpoint.Model ? root : ChatClientFactory.Create(settings.Endpoint, settings.Endpoint.SubModel, settings.Retry);
        using var python = settings.Python?.Start();

        await using var trace = settings.TracePath is null ? null : JsonlTraceWriter.Create(settings.TracePath);
        var progress = settings.Verbose ? new ProgressWriter(console.Error) : null;

        // Live progress (not with --verbose, which logs every step to the same stream), the answer streamed to a
        // terminal as it is written, and the events kept for --html.
        await using var live = settings.Verbose ? null : RunProgress.Create(console.Error, console.IsErrorTerminal, settings.Progress);
        var answer = console.IsOutputTerminal ? new AnswerStream(console.Out, live is null ? null : live.StopAsync) : null;
        var pageEvents = settings.HtmlPath is null ? null : new List<System.Text.Json.JsonElement>();
        var engine = new RlmEngine(root, sub, settings.Engine with
        {
            PythonSessions = python,
            StreamReplies = settings.Engine.StreamReplies || answer is not null || live is LiveProgress,
            EmitPrompts = settings.Engine.EmitPrompts || trace is not null || pageEvents is not null,
        });

        RlmResult? result = null;
        await foreach (var e in engine.RunStreamingAsync(settings.Query, context, cancellationToken).ConfigureAwait(false))
        {
            progress?.Write(e);
            live?.Report(e);
            if (e is ReplyDeltaEvent delta)
            {
                // Pieces of a reply: shown live; the trace gets the whole reply from the turn event.
                if (answer is not null)
                {
                    await answer.WriteAsync(delta).ConfigureAwait(false);
                }

                continue;
            }

            if (trace is not null)
            {
                await trace.WriteAsync(e, CancellationToken.None).ConfigureAwait(false);
            }

            if (pageEvents is not null && HtmlReport.ToTraceElement(e) is { } element)
            {
                pageEvents.Add(element);
            }

            if (e is FinalEvent { Depth: 0 } final)
            {
                result = final.Result;
            }
        }

        if (live is not null)
        {
            await live.StopAsync().ConfigureAwait(false);
        }

        if (pageEvents is not null)
        {
            await HtmlReport.WriteAsync(settings.HtmlPath!, TraceModel.Build(pageEvents), [], settings.Query, CancellationToken.None).ConfigureAwait(false);
        }

        if (result is null)
        {
            await console.Error.WriteLineAsync("rlm: the run ended without a result.").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        if (answer is not null)
        {
            await answer.FinishAsync(result.Answer, console.Error).ConfigureAwait(false);
        }
        else if (result.Answer.Length > 0)
        {
            await console.Out.WriteLineAsync(result.Answer).ConfigureAwait(false);
        }

        switch (result.Ending)
        {
            case RlmEnding.Final:
                return ExitCodes.Answered;
            case RlmEnding.IterationLimit or RlmEnding.BudgetExhausted:
                await console.Error.WriteLineAsync($"rlm: partial answer: {RlmCli.OneLine(result.Reason)}").ConfigureAwait(false);
                return ExitCodes.Limit;
            default:
                await console.Error.WriteLineAsync($"rlm: {RlmCli.OneLine(result.Reason)}").ConfigureAwait(false);
                return ExitCodes.Failure;
        }
    }
}
