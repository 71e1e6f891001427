namespace Rlm.Roslyn.Host;

/// <summary>The host's exit codes.</summary>
internal static class ExitCodes
{
    /// <summary>Answered.</summary>
    public const int Answered = 0;

    /// <summary>Any other failure (a failing endpoint, cancellation, a bug).</summary>
    public const int Failure = 1;

    /// <summary>Bad arguments or configuration.</summary>
    public const int Usage = 2;

    /// <summary>Ended by a limit, with a partial answer.</summary>
    public const int Limit = 3;
}
