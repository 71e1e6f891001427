namespace Rlm.Roslyn;

/// <summary>What a new code session needs from its run.</summary>
/// <param name="Context">The run's context; several documents become a list in the guest.</param>
/// <param name="Query">The run's question.</param>
/// <param name="Host">Sub-LM calls and child RLMs for the guest.</param>
public sealed record CodeSessionSetup(RlmContext Context, string Query, ICodeSessionHost Host);
