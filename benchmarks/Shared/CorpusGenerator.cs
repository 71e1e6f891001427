using System.Text;

namespace Rlm.Roslyn.Corpus;

/// <summary>
/// A deterministic ASCII test corpus: English-like words with a Zipf spread, numbers (about 1.4% of tokens are 7-digit
/// numbers), lines of about 80 chars ending in <c>'\n'</c>, and <see cref="Needle"/> planted at known offsets.
/// The same seed and settings always give the same text, in one piece or streamed in blocks of any size.
/// Shared by the tests and the benchmarks (linked source, not part of the engine).
/// </summary>
internal sealed class CorpusGenerator
{
    /// <summary>The planted needle: a word the vocabulary never makes (it has a 'z' and a 'q', which no syllable holds).</summary>
    public const string Needle = "zqxneedle";

    private static readonly string[] CommonWords =
    [
        "the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "as", "was", "with", "be", "by", "on", "not", "he",
        "this", "are", "or", "his", "from", "at", "which", "but", "have", "an", "had", "they", "you", "were", "their", "one",
        "all", "we", "can", "her", "has", "there", "been", "if", "more", "when", "will", "would", "who", "so", "no", "error",
        "request", "server", "value", "time", "system", "data", "user", "file", "report", "market", "river", "city",
    ];

    private static readonly string[] Syllables =
    [
        "ba", "be", "ci", "co", "da", "de", "di", "fa", "fe", "ga", "go", "ha", "he", "ki", "la", "le", "li", "lo", "ma",
        "me", "mi", "mo", "na", "ne", "ni", "no", "pa", "pe", "po", "ra", "re", "ri", "ro", "sa", "se", "si", "so", "ta",
        "te", "ti", "to", "va", "ve", "vi", "wa", "we", "ter", "ing", "tion", "ment", "er", "est", "ous", "al", "an", "en",
    ];

    private readonly Random _random;
    private readonly string[] _vocabulary;
    private readonly double[] _cumulative;
    private readonly int _needleEvery;
    private readonly StringBuilder _line = new();
    private int _lineUsed;
    private long _position;
    private long _nextNeedle;

    /// <summary>Creates a generator.</summary>
    /// <param name="seed">The seed; the text depends only on it and <paramref name="needleEvery"/>.</param>
    /// <param name="needleEvery">About how many chars apart needles are planted (the first after that many chars); 0 for none.</param>
    /// <param name="vocabularySize">How many distinct words (Zipf ranks).</param>
    public CorpusGenerator(int seed, int needleEvery = 1 << 20, int vocabularySize = 5000)
    {
        _random = new Random(seed);
        _needleEvery = needleEvery;
        _nextNeedle = needleEvery > 0 ? needleEvery : long.MaxValue;
        var words = new HashSet<string>(CommonWords, StringComparer.Ordinal);
        var vocabulary = new List<string>(CommonWords);
        while (vocabulary.Count < vocabularySize)
        {
            var sb = new StringBuilder();
            for (var s = _random.Next(1, 5); s > 0; s--)
            {
                sb.Append(Syllables[_random.Next(Syllables.Length)]);
            }

            if (words.Add(sb.ToString()))
            {
                vocabulary.Add(sb.ToString());
            }
        }

        _vocabulary = [.. vocabulary];
        _cumulative = new double[_vocabulary.Length];
        var sum = 0.0;
        for (var i = 0; i < _cumulative.Length; i++)
        {
            sum += 1.0 / (i + 1);
            _cumulative[i] = sum;
        }

        for (var i = 0; i < _cumulative.Length; i++)
        {
            _cumulative[i] /= sum;
        }
    }

    /// <summary>Offsets (in chars, from the start of everything generated) of the needles planted so far.</summary>
    public List<long> NeedleOffsets { get; } = [];

    /// <summary>A whole corpus of <paramref name="chars"/> chars as a string.</summary>
    /// <param name="chars">The length.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="needleEvery">About how many chars apart needles are planted; 0 for none.</param>
    public static string Generate(int chars, int seed = 1, int needleEvery = 1 << 20)
    {
        var buffer = new char[chars];
        new CorpusGenerator(seed, needleEvery).Fill(buffer);
        return new string(buffer);
    }

    /// <summary>Writes <paramref name="bytes"/> bytes of the corpus (ASCII, so as many chars) to <paramref name="stream"/>.</summary>
    /// <param name="stream">Where to write.</param>
    /// <param name="bytes">How many bytes.</param>
    public void Write(Stream stream, long bytes)
    {
        var chars = new char[1 << 20];
        var block = new byte[chars.Length];
        while (bytes > 0)
        {
            var n = (int)Math.Min(chars.Length, bytes);
            Fill(chars.AsSpan(0, n));
            var written = Encoding.ASCII.GetBytes(chars, 0, n, block, 0);
            stream.Write(block, 0, written);
            bytes -= n;
        }
    }

    /// <summary>Fills <paramref name="destination"/> with the next chars of the corpus (continuing where the last call stopped).</summary>
    /// <param name="destination">Where to put them.</param>
    public void Fill(Span<char> destination)
    {
        while (!destination.IsEmpty)
        {
            if (_lineUsed == _line.Length)
            {
                NextLine();
            }

            var n = Math.Min(destination.Length, _line.Length - _lineUsed);
            _line.CopyTo(_lineUsed, destination, n);
            _lineUsed += n;
            _position += n;
            destination = destination[n..];
        }
    }

    private void NextLine()
    {
        _line.Clear();
        _lineUsed = 0;
        var length = _random.Next(60, 100);
        while (_line.Length < length)
        {
            if (_line.Length > 0)
            {
                _line.Append(' ');
            }

            if (_position + _line.Length >= _nextNeedle)
            {
                NeedleOffsets.Add(_position + _line.Length);
                _line.Append(Needle);
                _nextNeedle += _needleEvery;
                continue;
            }

            var roll = _random.Next(1000);
            if (roll < 14)
            {
                _line.Append(_random.Next(1_000_000, 10_000_000));
            }
            else if (roll < 60)
            {
                _line.Append(_random.Next(0, 100_000));
            }
            else
            {
                var word = Zipf();
                _line.Append(roll < 80 ? char.ToUpperInvariant(word[0]) + word[1..] : word);
            }
        }

        _line.Append(_random.Next(4) == 0 ? ".\n" : "\n");
    }

    private string Zipf()
    {
        var i = Array.BinarySearch(_cumulative, _random.NextDouble());
        return _vocabulary[Math.Min(i < 0 ? ~i : i, _vocabulary.Length - 1)];
    }
}
