namespace Rlm.Roslyn;

/// <summary>The language the root model writes its code in.</summary>
public enum RlmLanguage
{
    /// <summary>C#, in the in-process Roslyn scripting session (the default).</summary>
    CSharp,

    /// <summary>Python, in a session created by <see cref="RlmOptions.PythonSessions"/> (for example CPython on WASI).</summary>
    Python,
}
