using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Win32.SafeHandles;

namespace Rlm.Roslyn;

/// <summary>
/// A read-only mapping of a sealed memfd holding a context's text (see <see cref="SharedText"/>), as the manager behind a
/// <see cref="ReadOnlyMemory{T}"/>. In the process that loaded the text it also owns the file, which a launcher hands to a
/// worker process; a worker's own mapping (<see cref="SharedText.MapReadOnly"/>) has no file left.
/// </summary>
/// <remarks>
/// A context has no dispose path, so the mapping is released by the finalizer once no memory over it is reachable.
/// </remarks>
internal sealed class SharedTextMemory : MemoryManager<char>
{
    private readonly nint _address;
    private readonly long _mappedBytes;
    private readonly long _pressureBytes;
    private SafeFileHandle? _file;
    private int _released;

    /// <summary>Takes over a read-only mapping of <paramref name="mappedBytes"/> bytes at <paramref name="address"/>.</summary>
    /// <param name="file">The sealed memfd, owned from now on; <see langword="null"/> when it was already closed.</param>
    /// <param name="address">The mapping's start; 0 for an empty text, which has no mapping.</param>
    /// <param name="mappedBytes">The mapping's length, whole pages.</param>
    /// <param name="length">The text's length in chars.</param>
    internal SharedTextMemory(SafeFileHandle? file, nint address, long mappedBytes, int length)
    {
        _file = file;
        _address = address;
        _mappedBytes = mappedBytes;
        Length = length;

        // The GC cannot see this memory; without the hint, contexts dropped in a loop could pile up before a collection runs their finalizers.
        _pressureBytes = file is null ? 0 : mappedBytes;
        if (_pressureBytes > 0)
        {
            GC.AddMemoryPressure(_pressureBytes);
        }
    }

    /// <summary>Releases the mapping and the file (see <see cref="Release"/>).</summary>
    [SuppressMessage("Reliability", "CA2015", Justification = "Release lays zeros over the range instead of unmapping it, so a span that outlives this object reads zeros rather than freed memory.")]
    ~SharedTextMemory() => Release();

    /// <summary>The text's length in chars.</summary>
    public int Length { get; }

    /// <summary>
    /// The sealed memfd, for a launcher to pass to a worker (which maps it with <see cref="SharedText.MapReadOnly"/>); owned by
    /// this object, so duplicate it rather than close it. <see langword="null"/> in a worker, or once released.
    /// </summary>
    public SafeFileHandle? FileHandle => Volatile.Read(ref _released) == 0 ? _file : null;

    /// <summary>Whether <see cref="Release"/> has run.</summary>
    public bool IsReleased => Volatile.Read(ref _released) != 0;

    /// <inheritdoc/>
    public override unsafe Span<char> GetSpan() => new((void*)_address, Length);

    /// <inheritdoc/>
    public override unsafe MemoryHandle Pin(int elementIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(elementIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(elementIndex, Length);

        // Nothing to pin: the mapping never moves. Passing this object as the pinnable keeps it (and so the mapping) alive while pinned.
        return new MemoryHandle((char*)_address + elementIndex, pinnable: this);
    }

    /// <inheritdoc/>
    public override void Unpin()
    {
    }

    /// <summary>
    /// Releases the text's memory, once: the finalizer calls it, and tests do. Afterwards the addresses read as zeros.
    /// </summary>
    internal void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return;
        }

        if (_mappedBytes > 0)
        {
            // Not munmap: a Span<char> taken from this memory does not keep this object alive, and a read through it after an
            // munmap would be a SIGSEGV that kills the process. A private anonymous read-only mapping laid over the same
            // range keeps those addresses valid (they read as zeros, all backed by the one shared zero page, so no RAM),
            // while dropping the shared mapping. Only the address range stays reserved.
            _ = NativeMethods.Mmap(_address, (nuint)_mappedBytes, SharedText.ProtRead, SharedText.MapFixed | SharedText.MapPrivate | SharedText.MapAnonymous, -1, 0);
        }

        // With the mapping gone, closing the last descriptor frees the shared pages.
        _file?.Dispose();
        _file = null;
        if (_pressureBytes > 0)
        {
            GC.RemoveMemoryPressure(_pressureBytes);
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing) => Release();
}
