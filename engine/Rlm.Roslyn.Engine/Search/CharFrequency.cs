namespace Rlm.Roslyn;

/// <summary>
/// A rough guess of how often a char occurs in text (per mille of English prose and code), so the fused kernel
/// probes a literal's rarest chars and verifies few candidates. Only the order matters.
/// </summary>
internal static class CharFrequency
{
    // e t a o i n s h r d l c u m w f g y p b v k j x q z, per mille of letters in English text.
    private static readonly int[] Lower =
    [
        82, 15, 28, 43, 127, 22, 20, 61, 70, 2, 8, 40, 24, 67, 75, 19, 1, 60, 63, 91, 28, 10, 24, 2, 20, 1,
    ];

    /// <summary>The guessed frequency of <paramref name="c"/>; higher is more common.</summary>
    /// <param name="c">The char (lower-cased when <paramref name="ignoreCase"/>).</param>
    /// <param name="ignoreCase">Whether both cases of a letter count.</param>
    public static int Of(char c, bool ignoreCase) => c switch
    {
        ' ' => 1000,
        >= 'a' and <= 'z' => Lower[c - 'a'] * (ignoreCase ? 11 : 10) / 10,
        >= 'A' and <= 'Z' => Lower[c - 'A'] / 10,
        >= '0' and <= '9' => 10,
        '\r' or '\t' or ',' or '.' or '-' or '_' => 12,
        < '\u0080' => 4,
        _ => 1,
    };
}
