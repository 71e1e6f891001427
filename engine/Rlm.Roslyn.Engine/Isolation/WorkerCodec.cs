namespace Rlm.Roslyn;

/// <summary>The bodies of the protocol's frames: one writer and one reader per message, kept side by side so they cannot drift.</summary>
internal static class WorkerCodec
{
    public static void Write(BinaryWriter writer, WorkerHello hello)
    {
        writer.Write((byte)hello.Policy);
        writer.Write(hello.Session.MaxCapturedOutputChars);
        writer.Write(hello.Session.MaxHeapGrowthBytes);
        writer.Write(hello.Session.AbandonAfter.Ticks);
        writer.Write(hello.Session.StackBytes);
        writer.Write(hello.Session.MaxStackDepthBytes);
        writer.Write(hello.MaxConcurrency);
        writer.Write(hello.Culture);
        writer.Write(hello.UiCulture);
        writer.Write(hello.RegexTimeout.Ticks);
    }

    public static WorkerHello ReadHello(BinaryReader reader)
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
        return new WorkerHello(policy, session, reader.ReadInt32(), reader.ReadString(), reader.ReadString(), TimeSpan.FromTicks(reader.ReadInt64()));
    }

    public static void Write(BinaryWriter writer, WorkerSessionSetup setup)
    {
        writer.Write(setup.Depth);
        writer.Write(setup.Query);
        writer.Write(setup.ContextLength);
        writer.Write(setup.Documents.Count);
        foreach (var (name, offset, length) in setup.Documents)
        {
            writer.Write(name);
            writer.Write(offset);
            writer.Write(length);
        }

        writer.Write(setup.SharedStart);
    }

    public static WorkerSessionSetup ReadSessionSetup(BinaryReader reader)
    {
        var depth = reader.ReadInt32();
        var query = reader.ReadString();
        var contextLength = reader.ReadInt32();
        var count = reader.ReadInt32();
        if (contextLength < 0 || count < 0)
        {
            throw new InvalidDataException("A session's context length or document count is negative.");
        }

        var documents = new List<(string, int, int)>(Math.Min(count, 100_000));
        for (var i = 0; i < count; i++)
        {
            documents.Add((reader.ReadString(), reader.ReadInt32(), reader.ReadInt32()));
        }

        return new WorkerSessionSetup(depth, query, contextLength, documents, reader.ReadInt32());
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
