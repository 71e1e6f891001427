using System.Text;

namespace Rlm.Roslyn;

/// <summary>One frame read from the pipe: its kind, the id of the operation or sub-call it belongs to, and its body.</summary>
/// <param name="Kind">What it carries.</param>
/// <param name="Id">The operation or sub-call it belongs to (0 for the handshake).</param>
/// <param name="Payload">The whole payload; the body starts at <see cref="WorkerPipe.HeaderBytes"/>.</param>
internal readonly record struct WorkerFrame(WorkerFrameKind Kind, int Id, byte[] Payload)
{
    /// <summary>The body's bytes.</summary>
    public ReadOnlySpan<byte> Body => Payload.AsSpan(WorkerPipe.HeaderBytes);

    /// <summary>A reader over the body (UTF-8 strings, little-endian numbers).</summary>
    public BinaryReader OpenBody() =>
        new(new MemoryStream(Payload, WorkerPipe.HeaderBytes, Payload.Length - WorkerPipe.HeaderBytes, writable: false), Encoding.UTF8);
}
