namespace Rlm.Roslyn.Host.Tests.Fakes;

/// <summary>Standard output whose reader has gone away (as with <c>rlm grep ... | head</c>): every write fails.</summary>
internal sealed class ClosedPipeStream : Stream
{
    private int _writes;

    /// <summary>How many writes were tried.</summary>
    public int Writes => Volatile.Read(ref _writes);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count)
    {
        Interlocked.Increment(ref _writes);
        throw new IOException("Broken pipe");
    }
}
