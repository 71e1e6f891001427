namespace Rlm.Roslyn.Sandbox.Tests.Fakes;

/// <summary>Builds the default policy's trigger index before a test relies on the fast path being in use.</summary>
internal static class PolicyWarmUp
{
    private static readonly Lazy<Task> s_warm = new(() => RestrictedApiPolicy.Default.IndexFor(Submissions.Compile("1").Compilation));

    public static Task EnsureIndexAsync() => s_warm.Value;
}
