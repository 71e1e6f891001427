using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Rlm.Roslyn.Tests.Context;

public sealed class SharedTextTests : IDisposable
{
    private const int Eperm = 1;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task LoadAsync_FewMegabyteFile_IsSharedAndMatchesTheBclDecoder(bool parallel)
    {
        RequireLinux();
        var bytes = NonAsciiBytesWithInvalidUtf8(3_000_000);
        var path = _temp.WriteBytes("big.txt", bytes);

        var context = await ContextLoader.LoadAsync([path], new ContextLoadOptions { ParallelDecodeMinBytes = parallel ? 1 : long.MaxValue });

        var shared = context.Shared;
        shared.Should().NotBeNull();
        shared!.Value.Start.Should().Be(0);
        shared.Value.Length.Should().Be(context.Length);
        shared.Value.Memory.FileHandle.Should().NotBeNull();
        var expected = Encoding.UTF8.GetString(bytes);
        context.Text.ToString().Should().Be(expected);
        context.Report.ReplacedInvalidBytes.Should().Be(expected.Count(c => c == '\uFFFD'));
        context.Documents[0].Text.ToString().Should().Be(expected);
    }

    [Fact]
    public async Task LoadAsync_BigStandardInput_EndsUpShared()
    {
        RequireLinux();
        var bytes = NonAsciiBytesWithInvalidUtf8(2_000_000);
        using var stdin = new MemoryStream(bytes);

        var context = await ContextLoader.LoadAsync([ContextLoader.StandardInputPath], standardInput: stdin);

        context.Shared.Should().NotBeNull();
        context.Text.ToString().Should().Be(Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public async Task LoadAsync_SmallFile_StaysAnArray()
    {
        var path = _temp.Write("small.txt", "small");

        var context = await ContextLoader.LoadAsync([path]);

        context.Shared.Should().BeNull("a context under ContextBuffer.SharedMinChars is not worth a memfd");
        context.Text.ToString().Should().Be("small");
    }

    [Fact]
    public void FromString_IsNotShared() => RlmContext.FromString(new string('x', 1_000_000)).Shared.Should().BeNull();

    [Fact]
    public void Shared_ContextOverASlice_SaysWhichSlice()
    {
        RequireLinux();
        var memory = SealText("0123456789");

        var context = new RlmContext(memory.Slice(3, 4), []);

        context.Shared.Should().BeEquivalentTo(new { Memory = Manager(memory), Start = 3, Length = 4 });
    }

    [Fact]
    public void Seal_WriteThroughProcFd_IsRefused()
    {
        RequireLinux();
        var memory = SealText("sealed text");
        var fd = Manager(memory).FileHandle!;

        var write = () =>
        {
            using var reopened = File.OpenHandle($"/proc/self/fd/{fd.DangerousGetHandle()}", FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            RandomAccess.Write(reopened, "XX"u8, 0);
        };

        write.Should().Throw<Exception>().Where(e => e is IOException || e is UnauthorizedAccessException);
        memory.ToString().Should().Be("sealed text");
    }

    [Fact]
    public void Seal_FtruncateSmallerOrLarger_FailsWithEperm()
    {
        RequireLinux();
        var memory = SealText("sealed text");
        var fd = Manager(memory).FileHandle!;

        NativeMethods.Ftruncate(fd, 2).Should().Be(-1);
        Marshal.GetLastPInvokeError().Should().Be(Eperm);
        NativeMethods.Ftruncate(fd, 1 << 20).Should().Be(-1);
        Marshal.GetLastPInvokeError().Should().Be(Eperm);
        RandomAccess.GetLength(fd).Should().Be("sealed text".Length * sizeof(char));
    }

    [Fact]
    public void Seal_WritableSharedMapping_IsRefused()
    {
        RequireLinux();
        var memory = SealText("sealed text");
        var fd = Manager(memory).FileHandle!;

        var address = NativeMethods.Mmap(0, 4096, SharedText.ProtRead | SharedText.ProtWrite, SharedText.MapShared, (int)fd.DangerousGetHandle(), 0);

        address.Should().Be(-1);
        Marshal.GetLastPInvokeError().Should().Be(Eperm);
    }

    [Fact]
    public void Seal_SetsEverySeal()
    {
        RequireLinux();
        var fd = Manager(SealText("x")).FileHandle!;

        var seals = NativeMethods.Fcntl(fd, SharedText.FGetSeals, 0);

        seals.Should().Be(SharedText.SealSeal | SharedText.SealShrink | SharedText.SealGrow | SharedText.SealWrite);
    }

    [Fact]
    public void MapReadOnly_SealedFile_GivesTheSameText()
    {
        RequireLinux();
        var text = NonAsciiText(100_000);
        var memory = SealText(text);
        var duplicate = Duplicate(Manager(memory).FileHandle!);

        var mapped = SharedText.MapReadOnly(duplicate, text.Length);

        mapped.ToString().Should().Be(text);
        duplicate.IsClosed.Should().BeTrue("the mapping keeps the memory, so the worker's descriptor is closed");
        Manager(mapped).FileHandle.Should().BeNull();
        Manager(mapped).GetSpan().ToArray().Should().Equal(memory.ToArray(), "both map the same pages");
    }

    [Fact]
    public void MapReadOnly_UnsealedMemfd_Throws()
    {
        RequireLinux();
        var fd = new SafeFileHandle(NativeMethods.MemfdCreate("unsealed\0"u8.ToArray(), 0x1 | 0x2), ownsHandle: true);
        fd.IsInvalid.Should().BeFalse();
        NativeMethods.Ftruncate(fd, 4096).Should().Be(0);

        var map = () => SharedText.MapReadOnly(fd, 10);

        map.Should().Throw<InvalidDataException>().WithMessage("*not sealed*");
        fd.IsClosed.Should().BeTrue();
    }

    [Fact]
    public void MapReadOnly_OnlyWriteSealed_Throws()
    {
        RequireLinux();
        var fd = new SafeFileHandle(NativeMethods.MemfdCreate("write-sealed\0"u8.ToArray(), 0x1 | 0x2), ownsHandle: true);
        NativeMethods.Ftruncate(fd, 4096).Should().Be(0);
        NativeMethods.Fcntl(fd, SharedText.FAddSeals, SharedText.SealWrite).Should().Be(0);

        var map = () => SharedText.MapReadOnly(fd, 10);

        map.Should().Throw<InvalidDataException>("the parent could still shrink it under the mapping");
    }

    [Fact]
    public void MapReadOnly_RegularFile_Throws()
    {
        RequireLinux();
        var path = _temp.Write("plain.txt", "plain file");
        var fd = File.OpenHandle(path);

        var map = () => SharedText.MapReadOnly(fd, 2);

        map.Should().Throw<InvalidDataException>().WithMessage("*not a memfd*");
    }

    [Fact]
    public void MapReadOnly_LengthPastTheFile_Throws()
    {
        RequireLinux();
        var memory = SealText("short");
        var duplicate = Duplicate(Manager(memory).FileHandle!);

        var map = () => SharedText.MapReadOnly(duplicate, 6);

        map.Should().Throw<InvalidDataException>();
    }

    [Fact]
    public void ContextBuffer_StartingSmall_GrowsIntoSharedMemoryAndKeepsAllText()
    {
        RequireLinux();
        var buffer = new ContextBuffer(initialCapacity: 16, maxChars: RlmContext.MaxChars);
        var expected = new StringBuilder();
        var chunk = NonAsciiText(10_000);
        for (var i = 0; i < 300; i++)
        {
            buffer.Append(chunk);
            expected.Append(chunk);
        }

        buffer.IsShared.Should().BeTrue();
        var memory = buffer.ToMemory();

        Manager(memory).Should().NotBeNull();
        memory.ToString().Should().Be(expected.ToString());
    }

    [Fact]
    public void ContextBuffer_SharedGrowth_KeepsEarlierSpansPointingAtTheText()
    {
        RequireLinux();
        var buffer = new ContextBuffer(initialCapacity: ContextBuffer.SharedMinChars, maxChars: RlmContext.MaxChars);
        buffer.IsShared.Should().BeTrue();
        buffer.Append("head");
        var before = buffer.Written;

        buffer.Append(new string('x', 4 * ContextBuffer.SharedMinChars));

        before.ToString().Should().Be("head");
        Unsafe.AreSame(ref before[0], ref buffer.Written[0]).Should().BeTrue("shared memory grows in place");
    }

    [Fact]
    public void ContextBuffer_AfterToMemory_RefusesWriting()
    {
        RequireLinux();
        var buffer = new ContextBuffer(initialCapacity: ContextBuffer.SharedMinChars, maxChars: RlmContext.MaxChars);
        buffer.Append("done");
        _ = buffer.ToMemory();

        var append = () => buffer.Append("more");

        append.Should().Throw<InvalidOperationException>();
        buffer.ToMemory().ToString().Should().Be("done");
    }

    [Fact]
    public void Release_SpanTakenBefore_ReadsZerosAndTheFileIsClosed()
    {
        RequireLinux();
        var memory = SealText(NonAsciiText(50_000));
        var manager = Manager(memory);
        var fd = manager.FileHandle!;
        var span = memory.Span;

        manager.Release();

        span.Length.Should().Be(50_000);
        span.IndexOfAnyExcept('\0').Should().Be(-1, "the range was replaced by zeros, not unmapped");
        fd.IsClosed.Should().BeTrue();
        manager.FileHandle.Should().BeNull();
        manager.IsReleased.Should().BeTrue();
    }

    [Fact]
    public void ContextBuffer_EmptySharedBuffer_SealsToAnEmptySharedText()
    {
        RequireLinux();
        var buffer = new ContextBuffer(initialCapacity: ContextBuffer.SharedMinChars, maxChars: RlmContext.MaxChars);

        var memory = buffer.ToMemory();

        memory.Length.Should().Be(0);
        var manager = Manager(memory);
        var fd = manager.FileHandle!;
        RandomAccess.GetLength(fd).Should().Be(0);
        NativeMethods.Fcntl(fd, SharedText.FGetSeals, 0).Should().Be(SharedText.SealSeal | SharedText.ReaderSeals);
        new RlmContext(memory, []).Shared.Should().NotBeNull();
        SharedText.MapReadOnly(Duplicate(fd), 0).Length.Should().Be(0);
        manager.Release();
        manager.IsReleased.Should().BeTrue();
    }

    private static void RequireLinux() => Assert.SkipUnless(OperatingSystem.IsLinux() && Environment.Is64BitProcess, "Shared memory contexts are 64-bit Linux only.");

    private static ReadOnlyMemory<char> SealText(string text)
    {
        using var shared = SharedText.TryCreate(text.Length, text.Length);
        shared.Should().NotBeNull();
        text.CopyTo(shared!.Span);
        return shared.Seal(text.Length);
    }

    private static SharedTextMemory Manager(ReadOnlyMemory<char> memory)
    {
        MemoryMarshal.TryGetMemoryManager<char, SharedTextMemory>(memory, out var manager).Should().BeTrue();
        return manager!;
    }

    private static SafeFileHandle Duplicate(SafeFileHandle fd)
    {
        var duplicate = new SafeFileHandle(NativeMethods.Dup((int)fd.DangerousGetHandle()), ownsHandle: true);
        duplicate.IsInvalid.Should().BeFalse();
        return duplicate;
    }

    /// <summary>Lines of Greek, CJK and emoji text.</summary>
    private static string NonAsciiText(int length)
    {
        var line = "alpha βήτα 漢字 😀 end\n";
        var text = new StringBuilder(length + line.Length);
        while (text.Length < length)
        {
            text.Append(line);
        }

        // Never end on half a surrogate pair: UTF-8 would encode it as a literal U+FFFD, which is no replacement.
        text.Length = length;
        if (char.IsHighSurrogate(text[^1]))
        {
            text[^1] = 'x';
        }

        return text.ToString();
    }

    /// <summary>UTF-8 of <see cref="NonAsciiText"/> with an invalid byte (0xFF) every 997 bytes.</summary>
    private static byte[] NonAsciiBytesWithInvalidUtf8(int length)
    {
        var bytes = Encoding.UTF8.GetBytes(NonAsciiText(length));
        for (var i = 500; i < bytes.Length; i += 997)
        {
            bytes[i] = 0xFF;
        }

        return bytes;
    }
}
