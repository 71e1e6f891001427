namespace Rlm.Roslyn.Host.Eval;

/// <summary>RULER's single-needle variants.</summary>
internal enum NiahVariant
{
    /// <summary>niah_single_1: noise haystack ("The grass is green..."), 7-digit number values.</summary>
    NoiseNumbers = 1,

    /// <summary>niah_single_2: real prose haystack, 7-digit number values.</summary>
    ProseNumbers = 2,

    /// <summary>niah_single_3: real prose haystack, UUID values.</summary>
    ProseUuids = 3,
}
