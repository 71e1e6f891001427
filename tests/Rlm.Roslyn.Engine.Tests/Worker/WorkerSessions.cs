using Rlm.Roslyn.Tests.Fakes;

namespace Rlm.Roslyn.Tests.Worker;

/// <summary>Worker sessions for tests: short limits so a stuck block ends in seconds.</summary>
internal static class WorkerSessions
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static WorkerCodeSession Trusted(string context = "line one\nline two\n", IScriptHost? host = null) =>
        new(
            new ScriptSessionOptions { Policy = TrustedCodePolicy.Instance, AbandonAfter = TimeSpan.FromSeconds(1) },
            RlmContext.FromString(context, "notes.txt"),
            "the question",
            depth: 0,
            maxConcurrency: 4,
            host ?? new EchoScriptHost())
        {
            KillGrace = TimeSpan.FromSeconds(1),
        };
}
