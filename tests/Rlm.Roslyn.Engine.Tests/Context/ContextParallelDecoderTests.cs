using System.Text;

namespace Rlm.Roslyn.Tests.Context;

/// <summary>Decoding a file on all cores gives exactly the text and replacement count of decoding it as one stream.</summary>
public sealed class ContextParallelDecoderTests : IDisposable
{
    private static readonly ContextLoadOptions Sequential = new() { ParallelDecodeMinBytes = long.MaxValue };
    private static readonly ContextLoadOptions Parallel = new() { ParallelDecodeMinBytes = 1 };

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<int> Seeds() => new(Enumerable.Range(1, 25));

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task LoadAsync_ParallelDecode_SameTextAndCountsAsOneStream(int seed)
    {
        var random = new Random(seed);
        byte[][] pieces =
        [
            "a"u8.ToArray(), "word "u8.ToArray(), "\n"u8.ToArray(), "\r\n"u8.ToArray(), "é"u8.ToArray(), "😀"u8.ToArray(), "€"u8.ToArray(),
            [0xFF], [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0x80], [0xED, 0xA0, 0x80],
        ];
        var bytes = new List<byte>();
        if (random.Next(4) == 0)
        {
            bytes.AddRange(Encoding.UTF8.Preamble);
        }

        var count = random.Next(1, 3000);
        for (var i = 0; i < count; i++)
        {
            // Mostly text, a few invalid sequences, sometimes long runs without any ASCII byte.
            var piece = random.Next(10) switch
            {
                0 => pieces[random.Next(7, pieces.Length)],
                1 => pieces[random.Next(4, 7)],
                _ => pieces[random.Next(0, 7)],
            };
            bytes.AddRange(piece);
        }

        var path = _temp.WriteBytes($"f{seed}.txt", [.. bytes]);

        var expected = await ContextLoader.LoadAsync([path], Sequential, cancellationToken: TestContext.Current.CancellationToken);
        var actual = await ContextLoader.LoadAsync([path], Parallel, cancellationToken: TestContext.Current.CancellationToken);

        actual.Text.ToString().Should().Be(expected.Text.ToString());
        actual.Report.ReplacedInvalidBytes.Should().Be(expected.Report.ReplacedInvalidBytes);
        actual.Documents.Should().ContainSingle().Which.Length.Should().Be(expected.Documents[0].Length);
    }

    [Fact]
    public async Task LoadAsync_ParallelDecodeAmongOtherFiles_KeepsOrderAndSeparators()
    {
        var small = _temp.Write("a.txt", "first");
        var large = _temp.Write("b.txt", string.Concat(Enumerable.Range(0, 5000).Select(i => $"line {i} é😀\n")));
        var last = _temp.Write("c.txt", "last\n");

        var expected = await ContextLoader.LoadAsync([small, large, last], Sequential, cancellationToken: TestContext.Current.CancellationToken);
        var actual = await ContextLoader.LoadAsync([small, large, last], Parallel, cancellationToken: TestContext.Current.CancellationToken);

        actual.Text.ToString().Should().Be(expected.Text.ToString());
        actual.Documents.Select(d => (d.Name, d.Offset, d.Length)).Should().Equal(expected.Documents.Select(d => (d.Name, d.Offset, d.Length)));
    }

    [Fact]
    public async Task LoadAsync_ParallelDecodeOfBinaryFile_SkipsIt()
    {
        var binary = _temp.WriteBytes("x.bin", [.. "abc"u8, 0, .. Enumerable.Repeat((byte)'a', 1000)]);
        var text = _temp.Write("y.txt", "text");

        var context = await ContextLoader.LoadAsync([binary, text], Parallel, cancellationToken: TestContext.Current.CancellationToken);

        context.Text.ToString().Should().Be("text");
        context.Report.SkippedFiles.Should().ContainSingle().Which.Reason.Should().Be("binary");
    }

    [Fact]
    public void Validate_ParallelDecodeMinBytesZero_Throws()
    {
        var act = () => new ContextLoadOptions { ParallelDecodeMinBytes = 0 }.Validate();

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("ParallelDecodeMinBytes");
    }
}
