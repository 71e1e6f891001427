using System.Globalization;

namespace Rlm.Roslyn.Benchmarks;

/// <summary>Command-line settings of the session soak: <c>soak [--sessions 1000] [--snippets 10] [--skip 50]</c>.</summary>
internal sealed record SoakOptions
{
    /// <summary>Sessions run one after another.</summary>
    public int Sessions { get; init; } = 1_000;

    /// <summary>Snippets per session, taken in order from <see cref="BenchmarkSnippets.Session"/>.</summary>
    public int Snippets { get; init; } = BenchmarkSnippets.Session.Length;

    /// <summary>Early sessions whose warm step is not counted (JIT and tiering still settling).</summary>
    public int SkipSessions { get; init; } = 50;

    /// <summary>Time limit of every snippet.</summary>
    public TimeSpan SnippetTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public static SoakOptions Parse(ReadOnlySpan<string> args)
    {
        var options = new SoakOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--sessions" => options with { Sessions = Positive(args[i], value) },
                "--snippets" => options with { Snippets = Positive(args[i], value) },
                "--skip" => options with { SkipSessions = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown soak option '{args[i]}'. Usage: soak [--sessions 1000] [--snippets 10] [--skip 50]"),
            };
            i++;
        }

        if (options.Snippets > BenchmarkSnippets.Session.Length)
        {
            throw new ArgumentException($"--snippets is at most {BenchmarkSnippets.Session.Length}.");
        }

        if (options.Snippets <= BenchmarkSnippets.TimedStepIndex)
        {
            throw new ArgumentException($"--snippets must be more than {BenchmarkSnippets.TimedStepIndex}: snippet {BenchmarkSnippets.TimedStepIndex + 1} is the timed step.");
        }

        return options;
    }

    private static int Positive(string name, string value)
    {
        var number = int.Parse(value, CultureInfo.InvariantCulture);
        return number > 0 ? number : throw new ArgumentException($"{name} must be positive.");
    }
}
