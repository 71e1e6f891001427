namespace Rlm.Roslyn.Host;

/// <summary><c>rlm repl PATH...</c>: a C# (or Python) session over a context with the model's globals and sandbox, at a terminal or piped.</summary>
internal static class ReplCommand
{
    /// <summary>What the sub-LM helpers (Llm, Summarize, Recurse...; llm_query, rlm_query in Python) return when no endpoint is configured.</summary>
    public const string NoEndpointError =
        "Error: no endpoint is configured: set OPENAI_BASE_URL or OPENAI_API_KEY (or --endpoint/--api-key) to use the sub-LM helpers (Llm, LlmMany, Summarize, Recurse, RecurseMany; in Python llm_query, llm_query_batched, rlm_query).";

    public const string Help = """
        Usage: rlm repl PATH... [options]

        A C# session over a context with the same globals and sandbox as the model's snippets (Context, Documents,
        Peek, Grep, Partition..., Llm, Recurse, Print, Final): explore what the model sees. With --language python,
        the Python session a Python run's model gets (context, query, llm_query, llm_query_batched, rlm_query,
        final). PATH is a file or a folder (recursive). Standard input carries the snippets, so - cannot be a PATH.

        At a terminal: type C#; a snippet runs as soon as it is complete ('. ' asks for more; two empty lines run
        it anyway). In Python a simple statement runs at once; a block (a line ending in ':', open brackets or
        strings) runs after an empty line. #help shows the API, #vars the variables; #exit or Ctrl+D leaves; Ctrl+C stops a running snippet.

        Piped (standard input is not a terminal): snippets separated by lines holding only ---, run in order in one
        session, one JSON object per snippet and line on standard output:
          {"index":0,"status":"ok","output":"...","value":"...","diagnostics":[{"id":"CS0103","line":1,"column":5,"message":"..."}],"error":"...","final":"...","elapsedMs":12.3}
        status: ok, rejected (did not compile, or the sandbox refused it; in Python a SyntaxError: see diagnostics), error, timeout or limit
        (see error). value (a trailing expression), error and final (an answer given with Final) appear when set.

        Endpoint (optional; without one, Llm, Summarize and Recurse return an error string):
          --endpoint URL         API base address (default: OPENAI_BASE_URL, else OpenAI when a key is set)
          --api-key KEY          API key (default: OPENAI_API_KEY)
          --model NAME           default for --sub-model (default: RLM_MODEL, else gpt-5)
          --sub-model NAME       model for Llm, Summarize and child RLMs (default: RLM_SUB_MODEL, else --model)

        Session:
          --language L           csharp (default) or python (CPython 3.11 on WASI, from sandbox/python/build.sh)
          --python               C# snippets may call Python(code): one sandboxed Python session beside the C# one
          --python-wasm FILE     python.wasm to use (default: RLM_PYTHON_WASM, else the build script's cache)
          --query TEXT           the Query global (default: empty)
          --snippet-timeout S    seconds one snippet may run, sub-calls included (default 300)
          --max-depth N          deepest child RLM; deeper Recurse calls are plain sub-calls (default 1)
          --max-concurrency N    concurrent calls in one LlmMany/RecurseMany batch (default 8)
          --trusted              no restricted-API analyzer: whatever compiles runs (runtime limits still apply; C# only)
          --isolation auto|process|in-process   where C# snippets run (default auto: process where a worker can
                                 start, else in-process); process: a worker process with none of this
                                 environment, a crash or hang costs only the worker

        Context:
          --include GLOB         only files matching (repeatable), e.g. --include "**/*.cs"
          --exclude GLOB         skip files matching (repeatable); .git, bin, obj, node_modules are always skipped

        Exit codes: 0 every piped snippet ran ok (at a terminal: left with #exit or Ctrl+D), 1 a piped snippet did
        not (or another failure), 2 usage or configuration error.
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, HostConsole console, CancellationToken cancellationToken)
    {
        var settings = ReplSettings.Parse(args, console);
        HostIsolation.AnnounceFallback(settings.Engine, console.Error);

        // Compile the script machinery while the context loads (C# only; Python's module is loaded below).
        var python = settings.Engine.Language == RlmLanguage.Python;
        if (!python)
        {
            _ = RlmEngine.WarmUpAsync(settings.Engine);
        }

        var context = await ConsoleContextLoader.LoadAsync(settings.Paths, settings.Loading, console, cancellationToken).ConfigureAwait(false);
        using var runtime = settings.Python?.Start();
        using var subClient = settings.Endpoint is { } endpoint ? ChatClientFactory.Create(endpoint, endpoint.SubModel) : null;
        var options = settings.Engine with { PythonSessions = runtime };
        using IReplSession session = new ReplSession(context, settings.Query, options, subClient, logger: null, NoEndpointError);
        return console.IsInputRedirected
            ? await PipedRepl.RunAsync(session, console, cancellationToken).ConfigureAwait(false)
            : await InteractiveRepl.RunAsync(session, context, settings, console, cancellationToken).ConfigureAwait(false);
    }
}
