namespace Rlm.Roslyn.Host.Eval;

/// <summary>How an answer is scored against the gold answer.</summary>
internal enum EvalScoring
{
    /// <summary>1 when the gold string occurs in the answer (case-insensitive), else 0 (S-NIAH, as RULER scores it).</summary>
    Contains,

    /// <summary>
    /// OOLONG: the value after the gold's prefix ("Label:", "User:", "Answer:") compared exactly (case-insensitive);
    /// a numeric gold scores 0.75^|gold - answer|.
    /// </summary>
    Oolong,

    /// <summary>OOLONG-Pairs: F1 of the "(a, b)" pairs in the answer against the gold pairs (order within a pair ignored).</summary>
    PairsF1,

    /// <summary>Multiple choice: 1 when the chosen letter A-D is the gold letter, else 0.</summary>
    Choice,
}
