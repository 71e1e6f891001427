namespace Rlm.Roslyn.Tests.Search;

/// <summary>A pipe that hands out its bytes a few at a time (as a real one may), and can fail part-way.</summary>
/// <param name="bytes">What the pipe holds.</param>
/// <param name="piece">The most bytes one read returns.</param>
/// <param name="failAfter">After this many bytes, reads throw an <see cref="IOException"/>; -1 never.</param>
internal sealed class TricklingStream(byte[] bytes, int piece, int failAfter = -1) : Stream
{
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (failAfter >= 0 && _position >= failAfter)
        {
            throw new IOException("The pipe broke.");
        }

        var take = Math.Min(Math.Min(piece, buffer.Length), bytes.Length - _position);
        bytes.AsSpan(_position, take).CopyTo(buffer);
        _position += take;
        return take;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
