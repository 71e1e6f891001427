using System.Globalization;
using System.Text;

namespace Rlm.Roslyn.Host.Eval;

/// <summary>
/// S-NIAH as RULER's niah_single_1/2/3: one needle "One of the special magic {numbers|uuids} for {key} is: {value}."
/// at one of 40 evenly spaced depths of a haystack of noise sentences or real prose; the gold is the value.
/// </summary>
internal sealed class NiahFamily : IEvalFamily
{
    /// <summary>RULER's noise haystack.</summary>
    public const string NoiseSentences = "The grass is green. The sky is blue. The sun is yellow. Here we go. There and back again.";

    /// <summary>Depths the needle is placed at: 40 points from 0% to 100% of the haystack.</summary>
    public const int DepthPoints = 40;

    private static readonly string[] Adjectives =
    [
        "abundant", "ancient", "bitter", "brave", "brief", "calm", "careful", "cheerful", "clever", "crooked", "curious", "damp",
        "dazzling", "eager", "elegant", "fancy", "fierce", "fragile", "gentle", "gigantic", "glossy", "grumpy", "hollow", "humble",
        "icy", "jolly", "keen", "lively", "loud", "lucky", "mellow", "misty", "nimble", "noisy", "odd", "pale", "proud", "quiet",
        "rapid", "rustic", "shiny", "silent", "sleepy", "smooth", "sturdy", "tender", "tidy", "vivid", "wary", "witty",
    ];

    private static readonly string[] Nouns =
    [
        "anchor", "apple", "badger", "banjo", "barrel", "beacon", "blanket", "bridge", "candle", "canyon", "castle", "cedar",
        "comet", "compass", "cottage", "crater", "dragon", "falcon", "feather", "fountain", "garden", "glacier", "harbor", "helmet",
        "island", "jacket", "kettle", "ladder", "lantern", "meadow", "mirror", "monkey", "needle", "orchard", "otter", "parrot",
        "pebble", "pillow", "quarry", "rabbit", "river", "saddle", "spider", "teapot", "thunder", "tower", "valley", "violin",
        "walrus", "window",
    ];

    private readonly string? _prose;
    private string? _cachedHaystack;
    private int _cachedHaystackChars = -1;

    /// <summary>Creates the family.</summary>
    /// <param name="variant">Which RULER variant.</param>
    /// <param name="prose">Real prose for variants 2 and 3 (repeated to fill long haystacks); ignored by variant 1.</param>
    public NiahFamily(NiahVariant variant, string? prose)
    {
        Variant = variant;
        if (variant != NiahVariant.NoiseNumbers)
        {
            _prose = string.IsNullOrWhiteSpace(prose)
                ? throw new ArgumentException($"{NameOf(variant)} needs real prose for its haystack.", nameof(prose))
                : Whitespace(prose);
        }
    }

    /// <summary>The RULER variant.</summary>
    public NiahVariant Variant { get; }

    /// <inheritdoc />
    public string Name => NameOf(Variant);

    /// <summary>The family name of a variant: niah_single_1, _2 or _3.</summary>
    public static string NameOf(NiahVariant variant) => string.Create(CultureInfo.InvariantCulture, $"niah_single_{(int)variant}");

    /// <summary>The depth (0 to 1) of task <paramref name="index"/>: task i sits at point i mod 40.</summary>
    public static double DepthOf(int index) => (index % DepthPoints) / (double)(DepthPoints - 1);

    /// <inheritdoc />
    public IEnumerable<EvalTask> Generate(int lengthTokens, int count, int seed)
    {
        for (var i = 0; i < count; i++)
        {
            var random = new Random(EvalSeed.Of(seed, lengthTokens, i, (int)Variant));
            var key = $"{Adjectives[random.Next(Adjectives.Length)]}-{Nouns[random.Next(Nouns.Length)]}";
            var value = Variant == NiahVariant.ProseUuids ? Uuid(random) : random.Next(1_000_000, 10_000_000).ToString(CultureInfo.InvariantCulture);
            var kind = Variant == NiahVariant.ProseUuids ? "uuid" : "number";
            var needle = $"One of the special magic {kind}s for {key} is: {value}.";
            var haystack = Haystack(Math.Max(0, EvalTokens.ToChars(lengthTokens) - needle.Length - 1));
            var at = SentenceBoundary(haystack, (int)Math.Round(DepthOf(i) * haystack.Length));
            var text = new StringBuilder(haystack.Length + needle.Length + 2)
                .Append(haystack, 0, at).Append(at == 0 ? "" : " ").Append(needle).Append(at == haystack.Length ? "" : " ")
                .Append(haystack.AsSpan(at).TrimStart(' ')).ToString();
            var question = $"What is the special magic {kind} for {key} mentioned in the provided text?";
            yield return new EvalTask(Name, lengthTokens, i, question, value, EvalScoring.Contains, RlmContext.FromString(text, "haystack.txt"));
        }
    }

    private string Haystack(int chars)
    {
        if (_cachedHaystackChars == chars && _cachedHaystack is not null)
        {
            return _cachedHaystack;
        }

        var unit = _prose ?? NoiseSentences;
        var builder = new StringBuilder(chars + unit.Length + 1);
        while (builder.Length < chars)
        {
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.Append(unit);
        }

        // Cut at the last sentence end that fits, so the haystack never ends mid-sentence.
        var cut = Math.Min(chars, builder.Length);
        var text = builder.ToString(0, cut);
        var end = text.LastIndexOfAny(['.', '!', '?']);
        _cachedHaystack = end > 0 ? text[..(end + 1)] : text;
        _cachedHaystackChars = chars;
        return _cachedHaystack;
    }

    /// <summary>The sentence boundary nearest <paramref name="position"/>: just after a '.', '!' or '?' that a space follows, or an end.</summary>
    private static int SentenceBoundary(string text, int position)
    {
        if (position <= 0 || text.Length == 0)
        {
            return 0;
        }

        if (position >= text.Length)
        {
            return text.Length;
        }

        for (var distance = 0; distance < text.Length; distance++)
        {
            foreach (var p in (ReadOnlySpan<int>)[position - distance, position + distance])
            {
                if (p > 0 && p < text.Length && text[p] == ' ' && text[p - 1] is '.' or '!' or '?')
                {
                    return p;
                }
            }
        }

        return text.Length;
    }

    private static string Uuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString("D");
    }

    private static string Whitespace(string prose) =>
        string.Join(' ', prose.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
}
