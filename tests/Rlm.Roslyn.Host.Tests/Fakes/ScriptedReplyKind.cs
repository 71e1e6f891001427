namespace Rlm.Roslyn.Host.Tests.Fakes;

/// <summary>What a <see cref="ScriptedReply"/> makes the server do.</summary>
internal enum ScriptedReplyKind
{
    /// <summary>A successful assistant message (JSON or SSE, as the request asks).</summary>
    Text,

    /// <summary>An HTTP error status with an OpenAI-shaped error body.</summary>
    Error,

    /// <summary>The connection is aborted without any response.</summary>
    DropConnection,
}
