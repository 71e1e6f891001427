using Rlm.Roslyn.Corpus;

namespace Rlm.Roslyn.Benchmarks;

/// <summary>The generated corpus the grep, partition and load suites run on (seed 1, a needle every 1 M chars), and the physical floor.</summary>
internal static class BenchmarkCorpus
{
    /// <summary>A literal of middling frequency in the corpus (a common word, Zipf rank ~60).</summary>
    public const string Literal = "river";

    /// <summary>The 7-digit number regex of the issue.</summary>
    public const string SevenDigits = @"\b[0-9]{7}\b";

    /// <summary>A one-document context of <paramref name="chars"/> generated chars.</summary>
    /// <param name="chars">The length.</param>
    public static RlmContext Create(int chars) => RlmContext.FromString(CorpusGenerator.Generate(chars, seed: 1), "corpus.txt");

    /// <summary>
    /// The physical floor: one plain vectorised pass reading every char of <paramref name="text"/> (a search for a char
    /// that is not there), on one core.
    /// </summary>
    /// <param name="text">The buffer.</param>
    public static int Floor(ReadOnlySpan<char> text) => text.IndexOf('\0');

    /// <summary>The same pass split into one range per core, like the parallel grep.</summary>
    /// <param name="text">The buffer.</param>
    public static int FloorAllCores(ReadOnlyMemory<char> text)
    {
        var ranges = Environment.ProcessorCount;
        var found = 0;
        Parallel.For(0, ranges, i =>
        {
            var start = (int)((long)text.Length * i / ranges);
            var end = (int)((long)text.Length * (i + 1) / ranges);
            if (text.Span[start..end].IndexOf('\0') >= 0)
            {
                Interlocked.Increment(ref found);
            }
        });
        return found;
    }
}
