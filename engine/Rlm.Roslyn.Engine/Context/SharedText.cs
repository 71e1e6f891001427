using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Rlm.Roslyn;

/// <summary>
/// Char storage in Linux shared memory (a memfd), so a sandboxed worker process can map the loaded context read-only
/// instead of receiving a copy. It is written while loading (<see cref="Span"/>, from several threads on disjoint ranges),
/// grown in place, then <see cref="Seal"/>ed: cut to the text's length, sealed against any change, and handed out as a
/// <see cref="SharedTextMemory"/>.
/// </summary>
/// <remarks>
/// The whole address range up to the most the buffer may hold is reserved up front (<c>PROT_NONE</c>, which costs no RAM),
/// and the memfd is mapped over its start. Growing maps the new tail of the file in place, so the text never moves or is
/// copied, and a span taken before growing still points at the same chars.
/// </remarks>
internal sealed class SharedText : IDisposable
{
    internal const int ProtNone = 0;
    internal const int ProtRead = 1;
    internal const int ProtWrite = 2;
    internal const int MapShared = 0x01;
    internal const int MapPrivate = 0x02;
    internal const int MapFixed = 0x10;
    internal const int MapAnonymous = 0x20;
    internal const int MapPopulate = 0x8000;
    internal const int FAddSeals = 1033;
    internal const int FGetSeals = 1034;
    internal const int SealSeal = 0x1;
    internal const int SealShrink = 0x2;
    internal const int SealGrow = 0x4;
    internal const int SealWrite = 0x8;

    /// <summary>The seals a reader requires: with them nobody holding the fd can change the text or shrink it under a mapping.</summary>
    internal const int ReaderSeals = SealShrink | SealGrow | SealWrite;

    private const uint MfdCloexec = 0x1;
    private const uint MfdAllowSealing = 0x2;

    private readonly SafeFileHandle _fd;
    private readonly nint _base;
    private readonly long _reservedBytes;
    private long _mappedBytes;
    private bool _closed;

    private SharedText(SafeFileHandle fd, nint address, long reservedBytes, long mappedBytes, int capacity)
    {
        _fd = fd;
        _base = address;
        _reservedBytes = reservedBytes;
        _mappedBytes = mappedBytes;
        Capacity = capacity;
    }

    /// <summary>Releases the memory of a buffer that was never sealed (a load that failed or was abandoned).</summary>
    ~SharedText() => Release(disposing: false);

    /// <summary>How many chars <see cref="Span"/> holds.</summary>
    public int Capacity { get; private set; }

    /// <summary>
    /// The whole writable capacity. Threads may write disjoint ranges of it at once; it stays valid across
    /// <see cref="Grow"/> (the text does not move) and must not be used after <see cref="Seal"/> or <see cref="Dispose"/>.
    /// </summary>
    public unsafe Span<char> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            return new Span<char>((void*)_base, Capacity);
        }
    }

    private static long PageBytes => Environment.SystemPageSize;

    /// <summary>
    /// A memfd of <paramref name="capacityChars"/> chars mapped read-write, in an address range reserved for
    /// <paramref name="maxCapacityChars"/>; <see langword="null"/> (the caller keeps a managed array) when this is not 64-bit
    /// Linux or any call fails.
    /// </summary>
    /// <param name="capacityChars">The chars to make room for now.</param>
    /// <param name="maxCapacityChars">The most chars <see cref="Grow"/> may ever be asked for.</param>
    public static SharedText? TryCreate(long capacityChars, long maxCapacityChars)
    {
        // 64-bit only: the P/Invokes pass off_t as 64 bits, and a 2 GB mapping wants the address space.
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess
            || capacityChars < 0 || maxCapacityChars < capacityChars || maxCapacityChars > int.MaxValue)
        {
            return null;
        }

        SafeFileHandle fd;
        try
        {
            fd = new SafeFileHandle(NativeMethods.MemfdCreate("rlm-context\0"u8.ToArray(), MfdCloexec | MfdAllowSealing), ownsHandle: true);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }

        if (fd.IsInvalid)
        {
            return null;
        }

        var reserved = RoundToPages(Math.Max(maxCapacityChars, 1) * sizeof(char));
        var mapped = RoundToPages(capacityChars * sizeof(char));
        var address = NativeMethods.Mmap(0, (nuint)reserved, ProtNone, MapPrivate | MapAnonymous, -1, 0);
        if (address == -1)
        {
            fd.Dispose();
            return null;
        }

        var text = new SharedText(fd, address, reserved, 0, 0);
        if (!text.TryMapUpTo(mapped, populate: true))
        {
            text.Dispose();
            return null;
        }

        text.Capacity = (int)capacityChars;
        return text;
    }

    /// <summary>
    /// Maps <paramref name="lengthChars"/> chars of a sealed memfd read-only (the worker's side). The file must carry the
    /// shrink, grow and write seals and be long enough: otherwise whoever else holds it could still change the text, or cut
    /// it short and crash this process with <c>SIGBUS</c> on the next read.
    /// </summary>
    /// <param name="fd">The memfd; always closed by this call (the mapping keeps the memory).</param>
    /// <param name="lengthChars">The text's length in chars.</param>
    /// <exception cref="InvalidDataException">The file is not a sealed memfd, or is shorter than the text.</exception>
    /// <exception cref="IOException">The mapping failed.</exception>
    public static ReadOnlyMemory<char> MapReadOnly(SafeFileHandle fd, int lengthChars)
    {
        ArgumentNullException.ThrowIfNull(fd);
        using (fd)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(lengthChars);
            var seals = NativeMethods.Fcntl(fd, FGetSeals, 0);
            if (seals < 0)
            {
                throw new InvalidDataException($"The context's file carries no seals (errno {Marshal.GetLastPInvokeError()}): it is not a memfd.");
            }

            if ((seals & ReaderSeals) != ReaderSeals)
            {
                throw new InvalidDataException($"The context's memfd is not sealed against shrinking, growing and writing (seals 0x{seals:x}).");
            }

            var bytes = (long)lengthChars * sizeof(char);
            var size = RandomAccess.GetLength(fd);
            if (size < bytes)
            {
                throw new InvalidDataException($"The context's memfd holds {size} bytes, fewer than the {bytes} its {lengthChars} chars need.");
            }

            if (lengthChars == 0)
            {
                return new SharedTextMemory(null, 0, 0, 0).Memory;
            }

            var address = NativeMethods.Mmap(0, (nuint)bytes, ProtRead, MapShared, (int)fd.DangerousGetHandle(), 0);
            if (address == -1)
            {
                throw new IOException($"Mapping the context's memfd failed (errno {Marshal.GetLastPInvokeError()}).");
            }

            return new SharedTextMemory(null, address, RoundToPages(bytes), lengthChars).Memory;
        }
    }

    /// <summary>Grows <see cref="Span"/> to at least <paramref name="capacityChars"/> chars, in place: nothing is copied or moves.</summary>
    /// <param name="capacityChars">The new capacity; at most the maximum given to <see cref="TryCreate"/>.</param>
    /// <exception cref="InsufficientMemoryException">The file or its mapping could not grow.</exception>
    public void Grow(long capacityChars)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacityChars * sizeof(char), _reservedBytes);
        if (capacityChars <= Capacity)
        {
            return;
        }

        if (!TryMapUpTo(RoundToPages(capacityChars * sizeof(char)), populate: false))
        {
            throw new InsufficientMemoryException($"The shared context buffer could not grow to {capacityChars:N0} chars (errno {Marshal.GetLastPInvokeError()}).");
        }

        Capacity = (int)capacityChars;
    }

    /// <summary>
    /// Ends writing: cuts the file to exactly <paramref name="length"/> chars, drops the writable mapping, seals the file
    /// against writing, growing and shrinking (and against more seals), and maps it again read-only at the same address.
    /// Afterwards no writable mapping of it exists anywhere. This object is spent; the returned memory owns the file.
    /// </summary>
    /// <param name="length">How many chars of text were written.</param>
    /// <exception cref="IOException">A system call failed; the buffer is then released.</exception>
    public ReadOnlyMemory<char> Seal(int length)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Capacity);
        var bytes = (long)length * sizeof(char);
        var readBytes = RoundToPages(bytes);
        try
        {
            // F_SEAL_WRITE is refused while any shared writable mapping exists, so put the reservation back first.
            Check(NativeMethods.Mmap(_base, (nuint)_mappedBytes, ProtNone, MapFixed | MapPrivate | MapAnonymous, -1, 0) != -1, "unmap");
            _mappedBytes = 0;
            Check(NativeMethods.Ftruncate(_fd, bytes) == 0, "ftruncate");
            Check(NativeMethods.Fcntl(_fd, FAddSeals, ReaderSeals | SealSeal) == 0, "seal");

            // mmap of length 0 is invalid: an empty text keeps no mapping, only its (sealed, empty) file.
            if (readBytes > 0)
            {
                Check(NativeMethods.Mmap(_base, (nuint)readBytes, ProtRead, MapFixed | MapShared, (int)_fd.DangerousGetHandle(), 0) != -1, "map");
            }
        }
        catch
        {
            Dispose();
            throw;
        }

        // Give back the reserved addresses past the text; the manager now owns [base, base + readBytes) and the file.
        if (_reservedBytes > readBytes)
        {
            _ = NativeMethods.Munmap(_base + (nint)readBytes, (nuint)(_reservedBytes - readBytes));
        }

        _closed = true;
        return new SharedTextMemory(_fd, readBytes > 0 ? _base : 0, readBytes, length).Memory;
    }

    /// <summary>Releases an unsealed buffer (a sealed one belongs to its <see cref="SharedTextMemory"/>).</summary>
    public void Dispose()
    {
        Release(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Whole pages holding <paramref name="bytes"/> bytes.</summary>
    internal static long RoundToPages(long bytes) => (bytes + PageBytes - 1) / PageBytes * PageBytes;

    private static void Check(bool succeeded, string step)
    {
        if (!succeeded)
        {
            throw new IOException($"Sealing the shared context failed at {step} (errno {Marshal.GetLastPInvokeError()}).");
        }
    }

    /// <summary>Makes the file <paramref name="bytes"/> long (page-aligned) and maps the part not mapped yet, in place.</summary>
    /// <param name="bytes">The new mapped length.</param>
    /// <param name="populate">
    /// Whether to fault every page in now (<c>MAP_POPULATE</c>), for the first mapping, whose size was planned from the files:
    /// one pass in the kernel instead of a trap per 4 KB page while decoding (1 GB: 5.1-5.6 s instead of 8.8-8.9 s, system
    /// time 1.2 s instead of 3.8 s, on a busy 2-core VM). Pages past the final text are freed again by <see cref="Seal"/>.
    /// Growth does not populate: a doubled tail may stay mostly unused.
    /// </param>
    private bool TryMapUpTo(long bytes, bool populate)
    {
        if (bytes <= _mappedBytes)
        {
            return true;
        }

        if (NativeMethods.Ftruncate(_fd, bytes) != 0)
        {
            return false;
        }

        var tail = NativeMethods.Mmap(
            _base + (nint)_mappedBytes, (nuint)(bytes - _mappedBytes), ProtRead | ProtWrite, MapFixed | MapShared | (populate ? MapPopulate : 0), (int)_fd.DangerousGetHandle(), _mappedBytes);
        if (tail == -1)
        {
            return false;
        }

        _mappedBytes = bytes;
        return true;
    }

    /// <summary>Unmaps the range (the owner knows no span is in use) or, from the finalizer, turns it into zeros.</summary>
    private void Release(bool disposing)
    {
        if (_closed)
        {
            return;
        }

        _closed = true;

        // From the finalizer a span may still outlive this object (spans do not keep it alive), so the range turns into
        // zeros as in SharedTextMemory.Release rather than into a hole that would crash a late reader.
        if (disposing)
        {
            _ = NativeMethods.Munmap(_base, (nuint)_reservedBytes);
        }
        else
        {
            _ = NativeMethods.Mmap(_base, (nuint)_reservedBytes, ProtRead, MapFixed | MapPrivate | MapAnonymous, -1, 0);
        }

        _fd.Dispose();
    }
}
