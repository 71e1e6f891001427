namespace Rlm.Roslyn.Host.Tests.Fakes;

/// <summary>One message of a recorded chat request: its role and its text (string content, or the text parts joined).</summary>
internal sealed record ChatMessageRecord(string Role, string Content);
