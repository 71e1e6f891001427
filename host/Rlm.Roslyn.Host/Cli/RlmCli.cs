using System.Reflection;

namespace Rlm.Roslyn.Host;

/// <summary>The host's entry point: dispatches commands and turns failures into exit codes. Tests call it directly.</summary>
internal static class RlmCli
{
    public const string Help = """
        rlm: answer questions over contexts far larger than a model's window (Recursive Language Models, in C#).

        Usage:
          rlm ask "question" PATH... [options]   answer a question over files, folders or - (standard input)
          rlm repl PATH... [options]             a C# session over the context with the model's globals and sandbox
                                                 (interactive at a terminal; JSON per snippet when piped)
          rlm grep PATTERN PATH... [-F] [-i] [-n] [-c] [--max N]
                                                 search like ripgrep with the engine's grep ('rlm grep --help')
          rlm view TRACE.jsonl [-o out.html]     the run in a trace as one self-contained HTML page (tree, search)
          rlm eval TASK [--lengths 8K,1M] [--method rlm,base,bm25] [--out DIR]
                                                 generate the paper's task families, score methods, chart them
                                                 ('rlm eval --help')
          rlm --help | rlm ask --help | rlm repl --help   show help
          rlm --version                          show the version

        Set OPENAI_API_KEY and/or OPENAI_BASE_URL for the endpoint (optional for repl); see 'rlm ask --help' and
        'rlm repl --help' for every option.
        """;

    public static async Task<int> RunAsync(string[] args, HostConsole console, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        try
        {
            switch (args)
            {
                case []:
                    await console.Error.WriteLineAsync(Help).ConfigureAwait(false);
                    return ExitCodes.Usage;
                case ["--help" or "-h" or "help"]:
                    await console.Out.WriteLineAsync(Help).ConfigureAwait(false);
                    return ExitCodes.Answered;
                case ["--version"]:
                    await console.Out.WriteLineAsync(typeof(RlmCli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown").ConfigureAwait(false);
                    return ExitCodes.Answered;
                case ["ask", .. var rest] when rest.Contains("--help") || rest.Contains("-h"):
                    await console.Out.WriteLineAsync(AskCommand.Help).ConfigureAwait(false);
                    return ExitCodes.Answered;
                case ["ask", .. var rest]:
                    return await AskCommand.RunAsync(rest, console, cancellationToken).ConfigureAwait(false);
                case ["repl", .. var rest] when rest.Contains("--help") || rest.Contains("-h"):
                    await console.Out.WriteLineAsync(ReplCommand.Help).ConfigureAwait(false);
                    return ExitCodes.Answered;
                case ["repl", .. var rest]:
                    return await ReplCommand.RunAsync(rest, console, cancellationToken).ConfigureAwait(false);
                case ["eval", .. var rest] when rest.Contains("--help") || rest.Contains("-h"):
                    await console.Out.WriteLineAsync(Eval.EvalCommand.Help).ConfigureAwait(false);
                    return ExitCodes.Answered;
                case ["eval", .. var rest]:
                    return await Eval.EvalCommand.RunAsync(rest, console, cancellationToken).ConfigureAwait(false);
                case ["grep", .. var rest]:
                    return await GrepCommand.RunAsync(rest, console, cancellationToken).ConfigureAwait(false);
                case ["view", .. var rest] when rest.Contains("--help") || rest.Contains("-h"):
                    await console.Out.WriteLineAsync(ViewCommand.Help).ConfigureAwait(false);
                    return ExitCodes.Answered;
                case ["view", .. var rest]:
                    return await ViewCommand.RunAsync(rest, console, cancellationToken).ConfigureAwait(false);
                default:
                    throw new UsageException($"Unknown command '{args[0]}'. Run 'rlm --help'.");
            }
        }
        catch (UsageException ex)
        {
            await console.Error.WriteLineAsync($"rlm: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await console.Error.WriteLineAsync("rlm: cancelled.").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (Exception ex)
        {
            await console.Error.WriteLineAsync($"rlm: failed: {ex.GetType().Name}: {OneLine(ex.Message)}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }

    /// <summary>Folds a multi-line message (endpoint errors often are) onto one line.</summary>
    public static string OneLine(string? message) =>
        string.Join(' ', (message ?? string.Empty).Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
