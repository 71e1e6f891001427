using System.Buffers.Binary;
using System.Text;

namespace Rlm.Roslyn;

/// <summary>
/// The protocol channel between the parent and one worker: length-prefixed frames (<c>int32 length</c>, then the kind
/// byte, the <c>int32</c> id and the body), written whole under one lock so concurrent sub-calls never interleave, and
/// read by one loop per side. A frame longer than the limit is a protocol violation, not an allocation.
/// </summary>
/// <param name="input">What the other side writes.</param>
/// <param name="output">What the other side reads.</param>
/// <param name="maxPayloadBytes">The longest payload accepted.</param>
internal sealed class WorkerPipe(Stream input, Stream output, int maxPayloadBytes) : IDisposable
{
    /// <summary>Kind and id, in front of every body.</summary>
    public const int HeaderBytes = 5;

    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly byte[] _lengthBuffer = new byte[4];

    /// <summary>Writes one frame whole; <paramref name="body"/> writes its body (null for none). The token only stops the wait for the channel.</summary>
    public async Task WriteAsync(WorkerFrameKind kind, int id, Action<BinaryWriter>? body = null, CancellationToken cancellationToken = default)
    {
        var frame = new MemoryStream();
        using (var writer = new BinaryWriter(frame, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(0);
            writer.Write((byte)kind);
            writer.Write(id);
            body?.Invoke(writer);
        }

        var bytes = frame.GetBuffer();
        var length = (int)frame.Length;
        BinaryPrimitives.WriteInt32LittleEndian(bytes, length - 4);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Never cancelled once started: half a frame would break the channel for good.
            await output.WriteAsync(bytes.AsMemory(0, length), CancellationToken.None).ConfigureAwait(false);
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>The next frame, or null at the end of the stream.</summary>
    /// <exception cref="InvalidDataException">A frame is malformed or too long.</exception>
    /// <exception cref="EndOfStreamException">The stream ended inside a frame.</exception>
    public async Task<WorkerFrame?> ReadAsync(CancellationToken cancellationToken = default)
    {
        var read = await input.ReadAtLeastAsync(_lengthBuffer, 4, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            return null;
        }

        if (read < 4)
        {
            throw new EndOfStreamException("The pipe ended inside a frame header.");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(_lengthBuffer);
        if (length < HeaderBytes || length > maxPayloadBytes)
        {
            throw new InvalidDataException($"A frame of {length:N0} bytes is outside the protocol's bounds.");
        }

        var payload = new byte[length];
        await input.ReadExactlyAsync(payload, cancellationToken).ConfigureAwait(false);
        var kind = (WorkerFrameKind)payload[0];
        if (!Enum.IsDefined(kind))
        {
            throw new InvalidDataException($"Unknown frame kind {payload[0]}.");
        }

        return new WorkerFrame(kind, BinaryPrimitives.ReadInt32LittleEndian(payload.AsSpan(1)), payload);
    }

    public void Dispose()
    {
        _writeGate.Dispose();
        input.Dispose();
        output.Dispose();
    }
}
