namespace Rlm.Roslyn.Host;

/// <summary>The submission policy the console's commands run snippets under.</summary>
internal static class HostPolicy
{
    /// <summary>
    /// The policy for snippets: the sandbox's restricted-API analyzer plugs in here (returned when
    /// <paramref name="trusted"/> is false); trusted code runs with none. Until the analyzer lands, both return
    /// null, so every snippet that compiles runs (the runtime limits still apply).
    /// </summary>
    /// <param name="trusted">True for <c>--trusted</c>: no analyzer, whatever compiles runs.</param>
    public static ISubmissionPolicy? Create(bool trusted)
    {
        if (trusted)
        {
            return null;
        }

        // The restricted-API analyzer goes here.
        return null;
    }
}
