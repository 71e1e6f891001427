using System.Globalization;

namespace Rlm.Roslyn.Host.Eval;

/// <summary>
/// OOLONG-style aggregation over <see cref="OolongDataset"/> records: the most or least frequent label, comparing
/// two labels, counting a label (overall, for one user, within dates), and the user with the most of a label. The
/// labels are not in the context: a method has to classify each instance to answer.
/// </summary>
internal sealed class OolongFamily : IEvalFamily
{
    /// <summary>The question kinds, in the order tasks cycle through them.</summary>
    public const int Kinds = 7;

    private const string LabelList = "'abbreviation', 'entity', 'description and abstract concept', 'human being', 'location', 'numeric value'";

    /// <summary>The preamble every OOLONG question starts with: what the records are and what the labels mean.</summary>
    public const string Preamble =
        "The context has one record a line: \"Date: <date> || User: <id> || Instance: <question>\". Each instance is a question "
        + "that belongs to exactly one of six labels by what it asks for: " + LabelList + ". The labels are not written in the "
        + "context; decide each instance's label yourself.";

    /// <inheritdoc />
    public string Name => "oolong";

    /// <inheritdoc />
    public IEnumerable<EvalTask> Generate(int lengthTokens, int count, int seed)
    {
        var data = OolongDataset.Generate(lengthTokens, seed);
        var context = RlmContext.FromString(data.Text, "records.txt");
        var random = new Random(EvalSeed.Of(seed, lengthTokens, 0x0010_0F));
        var counts = OolongDataset.Labels.ToDictionary(l => l, l => data.Records.Count(r => r.Label == l), StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var (question, gold) = Question(i % Kinds, data, counts, random);
            yield return new EvalTask(Name, lengthTokens, i, Preamble + "\n\n" + question, gold, EvalScoring.Oolong, context);
        }
    }

    private static (string Question, string Gold) Question(int kind, OolongDataset data, Dictionary<string, int> counts, Random random)
    {
        var labels = OolongDataset.Labels;
        string Pick() => labels[random.Next(labels.Count)];
        switch (kind)
        {
            case 0:
            {
                var most = counts.OrderByDescending(c => c.Value).ToList();
                if (most.Count > 1 && most[0].Value == most[1].Value)
                {
                    goto case 3;
                }

                return ("Which label is the most common across all records? Give your final answer in the form 'Label: <label>'.", $"Label: {most[0].Key}");
            }

            case 1:
            {
                var least = counts.OrderBy(c => c.Value).ToList();
                if (least.Count > 1 && least[0].Value == least[1].Value)
                {
                    goto case 3;
                }

                return ("Which label is the least common across all records? Give your final answer in the form 'Label: <label>'.", $"Label: {least[0].Key}");
            }

            case 2:
            {
                var a = Pick();
                var b = labels.Where(l => l != a).ElementAt(random.Next(labels.Count - 1));
                var relation = counts[a] > counts[b] ? "more common than" : counts[a] < counts[b] ? "less common than" : "same frequency as";
                return (
                    $"Is the label '{a}' more common, less common, or the same frequency as the label '{b}'? Give your final answer in the form "
                    + $"'Answer: {a} is [X] {b}', where [X] is 'more common than', 'less common than', or 'same frequency as'.",
                    $"Answer: {a} is {relation} {b}");
            }

            case 3:
            {
                var label = Pick();
                return ($"How many records have the label '{label}'? Give your final answer in the form 'Answer: <number>'.", Number(counts[label]));
            }

            case 4:
            {
                var user = data.Records[random.Next(data.Records.Count)].User;
                var label = Pick();
                var n = data.Records.Count(r => r.User == user && r.Label == label);
                return ($"How many records from user {user} have the label '{label}'? Give your final answer in the form 'Answer: <number>'.", Number(n));
            }

            case 5:
            {
                var label = Pick();
                var start = OolongDataset.FirstDate.AddDays(random.Next(OolongDataset.Days - 120));
                var end = start.AddDays(30 + random.Next(90));
                var n = data.Records.Count(r => r.Label == label && r.Date >= start && r.Date <= end);
                return (
                    $"How many records dated from {OolongDataset.FormatDate(start)} to {OolongDataset.FormatDate(end)} (both inclusive) have the label '{label}'? "
                    + "Give your final answer in the form 'Answer: <number>'.",
                    Number(n));
            }

            default:
            {
                foreach (var label in labels.OrderBy(_ => random.Next()))
                {
                    var byUser = data.Records.Where(r => r.Label == label).GroupBy(r => r.User).Select(g => (User: g.Key, Count: g.Count())).OrderByDescending(g => g.Count).ToList();
                    if (byUser.Count > 0 && (byUser.Count == 1 || byUser[0].Count > byUser[1].Count))
                    {
                        return ($"Which user has the most records with the label '{label}'? Give your final answer in the form 'User: [<id>]'.", $"User: [{byUser[0].User.ToString(CultureInfo.InvariantCulture)}]");
                    }
                }

                goto case 3;
            }
        }
    }

    private static string Number(int n) => "Answer: " + n.ToString(CultureInfo.InvariantCulture);
}
