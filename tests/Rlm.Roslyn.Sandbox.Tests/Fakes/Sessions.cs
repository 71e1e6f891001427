namespace Rlm.Roslyn.Sandbox.Tests.Fakes;

/// <summary>Script sessions over a small multi-document context, guarded by a submission policy.</summary>
internal static class Sessions
{
    /// <summary>Three documents laid out as ContextLoader lays them: a log, a JSON config and a short story.</summary>
    public static RlmContext Context()
    {
        (string Name, string Text)[] documents =
        [
            ("logs/app.log", "2024-05-01 10:00:01 INFO start\n2024-05-01 10:00:02 ERROR disk full on /var\n2024-05-01 10:00:03 WARN retry 1\n2024-05-01 10:00:04 ERROR timeout after 30s\n"),
            ("config/settings.json", "{\"name\": \"demo\", \"retries\": 3, \"tags\": [\"a\", \"b\"], \"limits\": {\"cpu\": 2, \"mem\": 512}}\n"),
            ("story.txt", "The needle was hidden in chapter 2.\nAlice found it on 2024-06-15.\nBob said: the code is 4217.\n"),
        ];
        var text = string.Concat(documents.Select(d => d.Text));
        var memory = text.AsMemory();
        var offset = 0;
        var list = new List<Document>();
        foreach (var (name, body) in documents)
        {
            list.Add(new Document(list.Count, name, offset, body.Length, memory.Slice(offset, body.Length)));
            offset += body.Length;
        }

        // An array, as ContextLoader builds it.
        return new RlmContext(memory, list.ToArray());
    }

    public static ScriptSession New(ISubmissionPolicy? policy, ScriptSessionOptions? options = null) =>
        new(new RlmGlobals(Context(), "Which errors happened?", 0, new EchoScriptHost()), (options ?? new ScriptSessionOptions()) with { Policy = policy ?? TrustedCodePolicy.Instance });
}
