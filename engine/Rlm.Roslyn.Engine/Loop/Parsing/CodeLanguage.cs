namespace Rlm.Roslyn;

/// <summary>The language of a fenced code block the engine can run.</summary>
internal enum CodeLanguage
{
    /// <summary>C#, run in the Roslyn scripting session.</summary>
    CSharp,

    /// <summary>Python, run only where Python is enabled.</summary>
    Python,
}
