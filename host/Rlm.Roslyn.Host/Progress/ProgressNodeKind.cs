namespace Rlm.Roslyn.Host;

/// <summary>What a <see cref="ProgressNode"/> is.</summary>
internal enum ProgressNodeKind
{
    /// <summary>The root RLM.</summary>
    Root,

    /// <summary>A child RLM (Recurse).</summary>
    Child,

    /// <summary>A plain sub-LM call.</summary>
    Llm,
}
