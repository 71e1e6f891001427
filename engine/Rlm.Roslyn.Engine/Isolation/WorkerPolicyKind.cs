namespace Rlm.Roslyn;

/// <summary>The submission policy a worker runs, as data: a policy object cannot cross a process boundary.</summary>
internal enum WorkerPolicyKind : byte
{
    /// <summary><see cref="RestrictedApiPolicy.Default"/>.</summary>
    Restricted = 1,

    /// <summary><see cref="TrustedCodePolicy.Instance"/>.</summary>
    Trusted = 2,
}
