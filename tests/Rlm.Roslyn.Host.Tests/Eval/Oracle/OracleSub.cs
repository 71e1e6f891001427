using Rlm.Roslyn.Host.Eval;
using System.Text;
using System.Text.RegularExpressions;

namespace Rlm.Roslyn.Host.Tests.Eval.Oracle;

/// <summary>
/// The oracle sub-LM: answers per-record classification prompts ("&lt;number&gt;: &lt;instance&gt;" lines) from the
/// generator's ground truth, as a perfect classifier would.
/// </summary>
internal sealed partial class OracleSub(IReadOnlyDictionary<string, string> labelByInstance)
{
    private int _answered;

    /// <summary>An oracle over the records of <paramref name="data"/>.</summary>
    public static OracleSub For(OolongDataset data)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in data.Records)
        {
            map[r.Instance] = r.Label;
        }

        return new OracleSub(map);
    }

    /// <summary>Instances answered so far.</summary>
    public int Answered => Volatile.Read(ref _answered);

    /// <summary>The reply to one sub-call prompt.</summary>
    public string Reply(string prompt)
    {
        var reply = new StringBuilder();
        foreach (Match m in NumberedLine().Matches(prompt))
        {
            if (labelByInstance.TryGetValue(m.Groups[2].Value.TrimEnd('\r'), out var label))
            {
                reply.Append(m.Groups[1].Value).Append(": ").Append(label).Append('\n');
                Interlocked.Increment(ref _answered);
            }
        }

        return reply.Length == 0 ? "I found no numbered questions to classify." : reply.ToString();
    }

    [GeneratedRegex(@"^(\d+): (.+)$", RegexOptions.Multiline)]
    private static partial Regex NumberedLine();
}
