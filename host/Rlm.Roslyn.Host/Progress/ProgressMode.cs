namespace Rlm.Roslyn.Host;

/// <summary>Whether a command shows run progress on standard error.</summary>
internal enum ProgressMode
{
    /// <summary>The live tree when standard error is a terminal; nothing otherwise (a piped stderr keeps only errors).</summary>
    Auto,

    /// <summary>Always: the live tree at a terminal, plain lines otherwise (<c>--progress</c>).</summary>
    On,

    /// <summary>Never (<c>--no-progress</c>, <c>--quiet</c>).</summary>
    Off,
}
