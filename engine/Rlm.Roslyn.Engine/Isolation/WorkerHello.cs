namespace Rlm.Roslyn;

/// <summary>
/// What a worker is started with, before it knows any context: the settings every session it will hold shares. The
/// worker warms its compiler with them and answers Ready, so a worker can wait warm in the pool while a context loads.
/// </summary>
/// <param name="Policy">The submission policy to rebuild.</param>
/// <param name="Session">The limits of every session in the worker; its policy is ignored (see <paramref name="Policy"/>).</param>
/// <param name="MaxConcurrency">How many calls of one batch the worker starts at once.</param>
/// <param name="Culture">The parent's culture, so formatting reads as it would in process.</param>
/// <param name="UiCulture">The parent's UI culture (exception messages).</param>
/// <param name="RegexTimeout">The match timeout of every Regex built without one, as in the parent.</param>
internal sealed record WorkerHello(
    WorkerPolicyKind Policy,
    ScriptSessionOptions Session,
    int MaxConcurrency,
    string Culture,
    string UiCulture,
    TimeSpan RegexTimeout)
{
    /// <summary>The worker's default regex timeout when the parent set none: a catastrophic pattern must never keep a worker thread busy for good.</summary>
    public static readonly TimeSpan DefaultRegexTimeout = TimeSpan.FromSeconds(5);

    /// <summary>This process's default regex timeout (<c>REGEX_DEFAULT_MATCH_TIMEOUT</c>), else <see cref="DefaultRegexTimeout"/>.</summary>
    public static TimeSpan ParentRegexTimeout() =>
        AppContext.GetData("REGEX_DEFAULT_MATCH_TIMEOUT") is TimeSpan set && set > TimeSpan.Zero ? set : DefaultRegexTimeout;
}
