using System.Globalization;
using System.Text;

namespace Rlm.Roslyn.Host.Eval;

/// <summary>
/// The records behind OOLONG-style and OOLONG-Pairs tasks: one record a line, each instance a question whose
/// coarse TREC-style class is the hidden label; users are skewed (most records come from a few); label
/// frequencies are distinct so "most" and "least" frequent have one answer. Deterministic by length and seed.
/// </summary>
internal sealed class OolongDataset
{
    /// <summary>The six labels.</summary>
    public static readonly IReadOnlyList<string> Labels =
        ["abbreviation", "entity", "description and abstract concept", "human being", "location", "numeric value"];

    /// <summary>The first date a record may carry.</summary>
    public static readonly DateOnly FirstDate = new(2023, 1, 1);

    /// <summary>Days covered by the records (2023 and 2024).</summary>
    public const int Days = 731;

    private static readonly string[][] Templates =
    [
        // abbreviation
        ["What does the abbreviation {A} stand for?", "What is the full form of {A}?", "What is {T} abbreviated as?", "What do the letters {A} mean on a {T}?"],
        // entity
        ["What kind of animal is a {N}?", "What {T} is used to play {S}?", "Which breed of dog is the {N}?", "What food is made from {T} and {S}?"],
        // description and abstract concept
        ["Why does {S} cause a {T} to rust?", "What is the definition of {S}?", "How does a {T} work?", "What is the origin of the word {N}?"],
        // human being
        ["Who invented the {T}?", "Who was the first person to describe {S}?", "Who wrote the book about the {N}?", "What is the name of the {T} maker in {P}?"],
        // location
        ["Where is the {N} museum located?", "What city is the {T} factory in?", "Which country is {P} in?", "Where can you find {S} in {P}?"],
        // numeric value
        ["How many {T}s are sold each year in {P}?", "When was the first {T} built?", "How far is {P} from the {N} river?", "What is the average weight of a {T}?"],
    ];

    private static readonly string[] Things =
    [
        "telescope", "bicycle", "violin", "compass", "lantern", "typewriter", "microscope", "kettle", "barometer", "harp",
        "parachute", "thermometer", "sundial", "accordion", "windmill", "canoe", "printing press", "stethoscope", "zipper", "piano",
    ];

    private static readonly string[] Subjects =
    [
        "salt water", "photosynthesis", "gravity", "jazz", "chess", "oxygen", "glass", "cricket", "silk", "copper",
        "democracy", "volcanoes", "magnetism", "poetry", "tides", "rhubarb", "pepper", "marble", "granite", "honey",
    ];

    private static readonly string[] Names =
    [
        "Dalmatian", "Corgi", "ocelot", "axolotl", "Basenji", "okapi", "quokka", "Sphinx", "Amazon", "Danube",
        "Nile", "Rhine", "Orinoco", "Yukon", "Volga", "Mekong", "Saluki", "lemur", "gecko", "marmot",
    ];

    private static readonly string[] Places =
    [
        "Lisbon", "Kyoto", "Nairobi", "Quito", "Oslo", "Perth", "Tbilisi", "Hanoi", "Lima", "Reykjavik",
        "Dakar", "Tallinn", "Bergen", "Cusco", "Zanzibar", "Valletta", "Hobart", "Luxor", "Seville", "Krakow",
    ];

    private static readonly string[] Acronyms =
    [
        "NASA", "UNESCO", "RSVP", "ASAP", "SCUBA", "LASER", "RADAR", "NATO", "FIFA", "DNA",
        "HTML", "GPS", "UFO", "CEO", "PIN", "ATM", "LED", "BBC", "OPEC", "AWOL",
    ];

    private OolongDataset(IReadOnlyList<OolongRecord> records, int users, string text)
    {
        Records = records;
        UserCount = users;
        Text = text;
    }

    /// <summary>The records, in the order of the context's lines.</summary>
    public IReadOnlyList<OolongRecord> Records { get; }

    /// <summary>User ids run from 1 to this.</summary>
    public int UserCount { get; }

    /// <summary>The context: one record a line.</summary>
    public string Text { get; }

    /// <summary>Formats a date as the records do: "Jan 02, 2024".</summary>
    public static string FormatDate(DateOnly date) => date.ToString("MMM dd, yyyy", CultureInfo.InvariantCulture);

    /// <summary>Generates records until the context reaches about <paramref name="lengthTokens"/> tokens.</summary>
    public static OolongDataset Generate(int lengthTokens, int seed)
    {
        var random = new Random(EvalSeed.Of(seed, lengthTokens, 0x0010_0C));
        var budget = EvalTokens.ToChars(lengthTokens);

        // About 70 chars a record; users grow with the data up to 100, with Zipf-like weights.
        var users = Math.Clamp(budget / 70 / 25, 8, 100);
        var userWeights = Cumulative(Enumerable.Range(1, users).Select(rank => 1.0 / Math.Pow(rank, 1.1)).ToArray());
        var userIds = Enumerable.Range(1, users).OrderBy(_ => random.Next()).ToArray();

        // Distinct label weights: a shuffled ladder 6..1, so every label count differs in expectation.
        var ladder = Enumerable.Range(1, Labels.Count).OrderBy(_ => random.Next()).Select(w => (double)w).ToArray();
        var labelWeights = Cumulative(ladder);

        var records = new List<OolongRecord>();
        var text = new StringBuilder(budget + 256);
        while (true)
        {
            var label = Pick(labelWeights, random);
            var template = Templates[label][random.Next(Templates[label].Length)];
            var instance = template
                .Replace("{A}", Acronyms[random.Next(Acronyms.Length)], StringComparison.Ordinal)
                .Replace("{T}", Things[random.Next(Things.Length)], StringComparison.Ordinal)
                .Replace("{S}", Subjects[random.Next(Subjects.Length)], StringComparison.Ordinal)
                .Replace("{N}", Names[random.Next(Names.Length)], StringComparison.Ordinal)
                .Replace("{P}", Places[random.Next(Places.Length)], StringComparison.Ordinal);
            var record = new OolongRecord(FirstDate.AddDays(random.Next(Days)), userIds[Pick(userWeights, random)], instance, Labels[label]);
            var line = record.ToLine();
            if (text.Length + line.Length + 1 > budget && records.Count > 0)
            {
                break;
            }

            text.Append(line).Append('\n');
            records.Add(record);
        }

        return new OolongDataset(records, users, text.ToString());
    }

    private static double[] Cumulative(double[] weights)
    {
        var sum = weights.Sum();
        var running = 0.0;
        return weights.Select(w => running += w / sum).ToArray();
    }

    private static int Pick(double[] cumulative, Random random)
    {
        var x = random.NextDouble();
        var i = Array.FindIndex(cumulative, c => x < c);
        return i < 0 ? cumulative.Length - 1 : i;
    }
}
