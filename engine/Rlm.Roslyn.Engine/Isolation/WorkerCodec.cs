namespace Rlm.Roslyn;

/// <summary>The bodies of the protocol's frames: one writer and one reader per message, kept side by side so they cannot drift.</summary>
internal static class WorkerCodec
{
    public static void Write(BinaryWriter writer, WorkerInit init)
    {
        writer.Write((byte)init.Policy);
        writer.Write(init.Session.MaxCapturedOutputChars);
        writer.Write(init.Session.MaxHeapGrowthBytes);
        writer.Write(init.Session.AbandonAfter.Ticks);
        writer.Write(init.Session.StackBytes);
        writer.Write(init.Session.MaxStackDepthBytes);
        writer.Write(init.MaxConcurrency);
        writer.Write(init.Depth);
        writer.Write(init.Query);
        writer.Write(init.Culture);
        writer.Write(init.UiCulture);
        writer.Write(init.ContextLength);
        writer.Write(init.Documents.Count);
        foreach (var (name, offset, length) in init.Documents)
        {
            writer.Write(name);
            writer.Write(offset);
            writer.Write(length);
        }
    }

    public static WorkerInit ReadInit(BinaryReader reader)
    {
        var policy = (WorkerPolicyKind)reader.ReadByte();
        var session = new ScriptSessionOptions
        {
            MaxCapturedOutputChars = reader.ReadInt32(),
            MaxHeapGrowthBytes = reader.ReadInt64(),
            AbandonAfter = TimeSpan.FromTicks(reader.ReadInt64()),
            StackBytes = reader.ReadInt32(),
            MaxStackDepthBytes = reader.ReadInt64(),
            Policy = WorkerPolicy.ToPolicy(policy),
        };
        var maxConcurrency = reader.ReadInt32();
        var depth = reader.ReadInt32();
        var query = reader.ReadString();
        var culture = reader.ReadString();
        var uiCulture = reader.ReadString();
        var contextLength = reader.ReadInt32();
        var count = reader.ReadInt32();
        var documents = new List<(string, int, int)>(count);
        for (var i = 0; i < count; i++)
        {
            documents.Add((reader.ReadString(), reader.ReadInt32(), reader.ReadInt32()));
        }

        return new WorkerInit(policy, session, maxConcurrency, depth, query, culture, uiCulture, contextLength, documents);
    }

    public static void Write(BinaryWriter writer, CodeRunResult result)
    {
        writer.Write((byte)result.Outcome);
        writer.Write(result.Output);
        WriteNullable(writer, result.Value);
        WriteNullable(writer, result.Error);
        writer.Write(result.Diagnostics.Count);
        foreach (var d in result.Diagnostics)
        {
            writer.Write(d.Id);
            writer.Write(d.Line);
            writer.Write(d.Column);
            writer.Write(d.Message);
        }

        WriteNullable(writer, result.FinalAnswer);
        writer.Write(result.SessionReset);
        writer.Write(result.Elapsed.Ticks);
    }

    public static CodeRunResult ReadResult(BinaryReader reader)
    {
        var outcome = (SnippetOutcome)reader.ReadByte();
        if (!Enum.IsDefined(outcome))
        {
            throw new InvalidDataException($"Unknown outcome {(int)outcome}.");
        }

        var output = reader.ReadString();
        var value = ReadNullable(reader);
        var error = ReadNullable(reader);
        var count = reader.ReadInt32();
        var diagnostics = new List<SnippetDiagnostic>(Math.Min(count, 1_000));
        for (var i = 0; i < count; i++)
        {
            diagnostics.Add(new SnippetDiagnostic(reader.ReadString(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadString()));
        }

        return new CodeRunResult
        {
            Outcome = outcome,
            Output = output,
            Value = value,
            Error = error,
            Diagnostics = diagnostics,
            FinalAnswer = ReadNullable(reader),
            SessionReset = reader.ReadBoolean(),
            Elapsed = TimeSpan.FromTicks(reader.ReadInt64()),
        };
    }

    public static void WriteNullable(BinaryWriter writer, string? text)
    {
        writer.Write(text is not null);
        if (text is not null)
        {
            writer.Write(text);
        }
    }

    public static string? ReadNullable(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;
}
