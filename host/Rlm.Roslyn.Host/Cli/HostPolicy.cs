namespace Rlm.Roslyn.Host;

/// <summary>The submission policy the console's commands run snippets under.</summary>
internal static class HostPolicy
{
    /// <summary>
    /// The policy for snippets: the sandbox's restricted-API analyzer, unless <paramref name="trusted"/>, in which
    /// case every snippet that compiles runs (the runtime limits still apply).
    /// </summary>
    /// <param name="trusted">True for <c>--trusted</c>: no analyzer, whatever compiles runs.</param>
    public static ISubmissionPolicy Create(bool trusted) => trusted ? TrustedCodePolicy.Instance : RestrictedApiPolicy.Default;
}
