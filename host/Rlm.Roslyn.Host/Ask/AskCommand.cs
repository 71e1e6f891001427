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
          --max-concurrency N    concurrent calls in one LlmMany/RecurseMany batch (default 8)
          --trusted              no restricted-API analyzer: whatever compiles runs (runtime limits still apply)
          --language csharp|python   the language the root model writes (default csharp); python runs CPython
                                 in a WebAssembly sandbox (build it once with sandbox/python/build.sh)
          --python               C# runs may also call Python(code) (implied by --language python)
          --python-wasm FILE     python.wasm to use (default: RLM_PYTHON_WASM, else the build script's cache)

        Context:
          --include GLOB         only files matching (repeatable), e.g. --include "**/*.cs"
          --exclude GLOB         skip files matching (repeatable); .git, bin, obj, node_modules are always skipped

        Output:
          --trace FILE           write every step as JSON Lines (one event per line, flushed as it goes)
          --verbose              show steps live on standard error

        Exit codes: 0 answered, 3 ended by a limit with a partial answer, 2 usage or configuration error, 1 other failure.
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, HostConsole console, CancellationToken cancellationToken)
    {
        var settings = AskSettings.Parse(args, console);

        // Compile the script machinery while the context loads and the first LM call is in flight.
        _ = RlmEngine.WarmUpAsync();
        var context = await ConsoleContextLoader.LoadAsync(settings.Paths, settings.Loading, console, cancellationToken).ConfigureAwait(false);
        var root = ChatClientFactory.Create(settings.Endpoint, settings.Endpoint.Model);
        var sub = settings.Endpoint.SubModel == settings.Endpoint.Model ? root : ChatClientFactory.Create(settings.Endpoint, settings.Endpoint.SubModel);
        using var python = settings.Python?.Start();
        var engine = new RlmEngine(root, sub, settings.Engine with { PythonSessions = python });

        await using var trace = settings.TracePath is null ? null : JsonlTraceWriter.Create(settings.TracePath);
        var progress = settings.Verbose ? new ProgressWriter(console.Error) : null;
        RlmResult? result = null;
        await foreach (var e in engine.RunStreamingAsync(settings.Query, context, cancellationToken).ConfigureAwait(false))
        {
            progress?.Write(e);
            if (trace is not null)
            {
                await trace.WriteAsync(e, CancellationToken.None).ConfigureAwait(false);
            }

            if (e is FinalEvent { Depth: 0 } final)
            {
                result = final.Result;
            }
        }

        if (result is null)
        {
            await console.Error.WriteLineAsync("rlm: the run ended without a result.").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        if (result.Answer.Length > 0)
        {
            await console.Out.WriteLineAsync(result.Answer).ConfigureAwait(false);
        }

        switch (result.Ending)
        {
            case RlmEnding.Final:
                return ExitCodes.Answered;
            case RlmEnding.IterationLimit:
                await console.Error.WriteLineAsync($"rlm: partial answer: {RlmCli.OneLine(result.Reason)}").ConfigureAwait(false);
                return ExitCodes.Limit;
            default:
                await console.Error.WriteLineAsync($"rlm: {RlmCli.OneLine(result.Reason)}").ConfigureAwait(false);
                return ExitCodes.Failure;
        }
    }
}
