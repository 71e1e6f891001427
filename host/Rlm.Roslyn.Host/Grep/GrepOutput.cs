using System.Text;

namespace Rlm.Roslyn.Host;

/// <summary>
/// Prints what <c>rlm grep</c> finds, shaped like ripgrep: <c>path:line:text</c> (with -n), <c>path:text</c>, or
/// <c>path:count</c> (with -c). Lines are gathered as UTF-8 into one buffer and written in large blocks, to standard
/// output's bytes when the host has them, else to the console's writer. Unreadable files are named on standard error.
/// </summary>
/// <param name="bytes">Standard output as bytes, or <see langword="null"/> to write through <paramref name="text"/>.</param>
/// <param name="text">The console's output writer.</param>
/// <param name="error">Where skipped files are named.</param>
/// <param name="counts">Whether to print counts instead of lines.</param>
internal sealed class GrepOutput(Stream? bytes, TextWriter text, TextWriter error, bool counts) : IFileGrepSink
{
    private const int BufferBytes = 256 * 1024;

    private byte[] _buffer = new byte[BufferBytes];
    private int _used;
    private string? _name;
    private byte[] _nameBytes = [];

    /// <inheritdoc/>
    public void Line(string name, long line, ReadOnlySpan<byte> text)
    {
        if (counts)
        {
            return;
        }

        var prefix = NameBytes(name);
        Reserve(prefix.Length + 22 + text.Length);
        var rest = _buffer.AsSpan(_used);
        prefix.CopyTo(rest);
        var at = prefix.Length;
        rest[at++] = (byte)':';
        if (line > 0)
        {
            line.TryFormat(rest[at..], out var digits, provider: System.Globalization.CultureInfo.InvariantCulture);
            at += digits;
            rest[at++] = (byte)':';
        }

        text.CopyTo(rest[at..]);
        at += text.Length;
        rest[at++] = (byte)'\n';
        _used += at;
    }

    /// <inheritdoc/>
    public void FileDone(string name, long matchingLines)
    {
        if (!counts)
        {
            return;
        }

        var prefix = NameBytes(name);
        Reserve(prefix.Length + 22);
        var rest = _buffer.AsSpan(_used);
        prefix.CopyTo(rest);
        var at = prefix.Length;
        rest[at++] = (byte)':';
        matchingLines.TryFormat(rest[at..], out var digits, provider: System.Globalization.CultureInfo.InvariantCulture);
        at += digits;
        rest[at++] = (byte)'\n';
        _used += at;
    }

    /// <inheritdoc/>
    public void Skipped(string name, string reason)
    {
        // Binary files are passed over quietly, as ripgrep does; a file that cannot be read is worth a word.
        if (reason != "binary")
        {
            error.WriteLine($"rlm grep: {name}: {reason}");
        }
    }

    /// <summary>Whether writing failed (the reader of a pipe went away); nothing more is written then.</summary>
    public bool Closed { get; private set; }

    /// <summary>Writes out what is gathered.</summary>
    /// <exception cref="IOException">Standard output could not be written (<see cref="Closed"/> is then set).</exception>
    public void Flush()
    {
        if (_used == 0 || Closed)
        {
            _used = 0;
            return;
        }

        try
        {
            if (bytes is not null)
            {
                bytes.Write(_buffer, 0, _used);
                bytes.Flush();
            }
            else
            {
                text.Write(Encoding.UTF8.GetString(_buffer, 0, _used));
                text.Flush();
            }
        }
        catch (IOException)
        {
            Closed = true;
            throw;
        }
        finally
        {
            _used = 0;
        }
    }

    /// <summary>Makes room for <paramref name="size"/> more bytes: flushes when the buffer is half full, grows for a line longer than it.</summary>
    private void Reserve(int size)
    {
        if (_used + size > _buffer.Length || _used >= BufferBytes / 2)
        {
            Flush();
        }

        if (size > _buffer.Length)
        {
            _buffer = new byte[size];
        }
    }

    private ReadOnlySpan<byte> NameBytes(string name)
    {
        if (!ReferenceEquals(name, _name))
        {
            _name = name;
            _nameBytes = Encoding.UTF8.GetBytes(name);
        }

        return _nameBytes;
    }
}
