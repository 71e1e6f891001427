using System.Runtime.CompilerServices;

namespace Rlm.Roslyn.Sandbox.Tests;

/// <summary>
/// Gives every Regex without its own timeout a default one, as the rlm host does, before anything in the test
/// process builds a Regex (the runtime reads the setting once). The corpus checks a catastrophic pattern fails with it.
/// </summary>
internal static class RegexDefaults
{
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    [ModuleInitializer]
    internal static void Install() => AppContext.SetData("REGEX_DEFAULT_MATCH_TIMEOUT", MatchTimeout);
}
