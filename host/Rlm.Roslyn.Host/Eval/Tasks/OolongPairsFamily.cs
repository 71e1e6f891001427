using System.Globalization;
using System.Text;

namespace Rlm.Roslyn.Host.Eval;

/// <summary>
/// OOLONG-Pairs over <see cref="OolongDataset"/> records: every pair of user ids (lower first) whose records meet a
/// label condition, one "(a, b)" per line; scored by F1 over the pairs.
/// </summary>
internal sealed class OolongPairsFamily : IEvalFamily
{
    /// <summary>The condition kinds, in the order tasks cycle through them.</summary>
    public const int Kinds = 3;

    private const string Format = "List every such pair once as '(a, b)' with a < b, one pair per line, and nothing else.";

    /// <inheritdoc />
    public string Name => "oolong_pairs";

    /// <inheritdoc />
    public IEnumerable<EvalTask> Generate(int lengthTokens, int count, int seed)
    {
        var data = OolongDataset.Generate(lengthTokens, seed);
        var context = RlmContext.FromString(data.Text, "records.txt");
        var random = new Random(EvalSeed.Of(seed, lengthTokens, 0x0010_0A));
        var byUser = data.Records.GroupBy(r => r.User).ToDictionary(
            g => g.Key,
            g => OolongDataset.Labels.ToDictionary(l => l, l => g.Count(r => r.Label == l), StringComparer.Ordinal));
        for (var i = 0; i < count; i++)
        {
            var (question, users) = Question(i % Kinds, byUser, random);
            yield return new EvalTask(Name, lengthTokens, i, OolongFamily.Preamble + "\n\n" + question, Gold(users), EvalScoring.PairsF1, context);
        }
    }

    /// <summary>The gold answer: every pair of the qualifying users, lower id first, one a line.</summary>
    public static string Gold(IEnumerable<int> users)
    {
        var sorted = users.Order().ToList();
        var builder = new StringBuilder();
        for (var a = 0; a < sorted.Count; a++)
        {
            for (var b = a + 1; b < sorted.Count; b++)
            {
                builder.Append(CultureInfo.InvariantCulture, $"({sorted[a]}, {sorted[b]})\n");
            }
        }

        return builder.ToString();
    }

    private static (string Question, IReadOnlyList<int> Users) Question(int kind, Dictionary<int, Dictionary<string, int>> byUser, Random random)
    {
        var labels = OolongDataset.Labels;

        // Try label choices until at least two users qualify (a question with no pairs tells little).
        (string, IReadOnlyList<int>)? fallback = null;
        for (var attempt = 0; attempt < 30; attempt++)
        {
            var a = labels[random.Next(labels.Count)];
            var b = labels.Where(l => l != a).ElementAt(random.Next(labels.Count - 1));
            var (question, users) = kind switch
            {
                0 => ($"List all pairs of user IDs (a, b) where both users have at least one record with the label '{a}' and no record with the label '{b}'.",
                      byUser.Where(u => u.Value[a] > 0 && u.Value[b] == 0).Select(u => u.Key).ToList()),
                1 => ($"List all pairs of user IDs (a, b) where both users have exactly one record with the label '{a}'.",
                      byUser.Where(u => u.Value[a] == 1).Select(u => u.Key).ToList()),
                _ => ($"List all pairs of user IDs (a, b) where both users have more records with the label '{a}' than with the label '{b}'.",
                      byUser.Where(u => u.Value[a] > u.Value[b]).Select(u => u.Key).ToList()),
            };
            var result = (question + " " + Format, (IReadOnlyList<int>)users);
            if (users.Count >= 2)
            {
                return result;
            }

            fallback ??= result;
        }

        return fallback!.Value;
    }
}
