namespace Rlm.Roslyn;

/// <summary>Maps a submission policy to the data a worker rebuilds it from, and back.</summary>
internal static class WorkerPolicy
{
    /// <summary>The kind of <paramref name="policy"/>, or null for a policy a worker cannot rebuild (a custom allow-list).</summary>
    public static WorkerPolicyKind? From(ISubmissionPolicy policy) => policy switch
    {
        TrustedCodePolicy => WorkerPolicyKind.Trusted,
        _ when ReferenceEquals(policy, RestrictedApiPolicy.Default) => WorkerPolicyKind.Restricted,
        _ => null,
    };

    /// <summary>The policy of <paramref name="kind"/>; anything unknown gets the restricted default (fail closed).</summary>
    public static ISubmissionPolicy ToPolicy(WorkerPolicyKind kind) =>
        kind == WorkerPolicyKind.Trusted ? TrustedCodePolicy.Instance : RestrictedApiPolicy.Default;
}
