using System.Runtime.CompilerServices;

namespace Rlm.Roslyn.Host;

/// <summary>
/// Gives every Regex built without a timeout (a snippet's <c>new Regex(...)</c>, <c>Regex.IsMatch(...)</c>) a default
/// one, so a catastrophic pattern fails with a <see cref="System.Text.RegularExpressions.RegexMatchTimeoutException"/>
/// instead of keeping its thread busy after the watchdog abandoned it. The runtime reads the setting once, when
/// Regex is first used, and only as a TimeSpan (a runtimeconfig string would make Regex throw), hence a module
/// initializer: it runs before Main. The engine's own regexes (Grep, Partition) carry explicit timeouts.
/// </summary>
internal static class RegexDefaults
{
    /// <summary>The default match timeout: 5 seconds.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(5);

    [ModuleInitializer]
    internal static void Install()
    {
        if (AppContext.GetData("REGEX_DEFAULT_MATCH_TIMEOUT") is null)
        {
            AppContext.SetData("REGEX_DEFAULT_MATCH_TIMEOUT", MatchTimeout);
        }
    }
}
