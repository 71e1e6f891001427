using System.Globalization;
using Rlm.Roslyn.Corpus;

namespace Rlm.Roslyn.Benchmarks;

/// <summary><c>corpus --bytes N --out FILE [--seed S]</c>: writes the generated ASCII corpus to a file (for compare-ripgrep.sh).</summary>
internal static class CorpusCommand
{
    public static int Run(string[] args)
    {
        long bytes = 1_000_000_000;
        var seed = 1;
        string? output = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--bytes":
                    bytes = long.Parse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture);
                    break;
                case "--seed":
                    seed = int.Parse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture);
                    break;
                case "--out":
                    output = args[i + 1];
                    break;
                default:
                    Console.Error.WriteLine($"Unknown option {args[i]}. Usage: corpus --bytes N --out FILE [--seed S]");
                    return 2;
            }
        }

        if (output is null)
        {
            Console.Error.WriteLine("Usage: corpus --bytes N --out FILE [--seed S]");
            return 2;
        }

        using (var file = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            new CorpusGenerator(seed).Write(file, bytes);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {bytes:N0} bytes to {output} (seed {seed}, needle {CorpusGenerator.Needle})"));
        return 0;
    }
}
