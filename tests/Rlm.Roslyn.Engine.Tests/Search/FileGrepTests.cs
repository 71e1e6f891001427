using System.Text;
using System.Text.RegularExpressions;
using Rlm.Roslyn.Tests.Context;

namespace Rlm.Roslyn.Tests.Search;

/// <summary>
/// <see cref="FileGrep"/> (what <c>rlm grep</c> runs): files searched in chunks on several workers report exactly the
/// lines a whole-file search finds, in order, with the right line numbers, whatever the chunk size.
/// </summary>
public sealed class FileGrepTests
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static TheoryData<string, bool, bool> Patterns => new()
    {
        { "[0-9]{2,}", false, false },
        { @"\b7\b", false, false },
        { "a.b", false, false },
        { "é", false, false },
        { "😀", false, false },
        { "\uFFFD", false, false },
        { "^a", false, false },
        { "b\r?$", false, false },
        { "ab", true, false },
        { "AB", true, true },
        { "É", true, true },
        { "^", false, false },
        { "z*", false, false },
        { "$", false, false },
    };

    [Theory]
    [MemberData(nameof(Patterns))]
    public async Task RunAsync_RandomFilesAnyChunkSize_ReportsTheLinesOfTheOracle(string pattern, bool literal, bool ignoreCase)
    {
        using var folder = new TempDirectory();
        for (var seed = 0; seed < 12; seed++)
        {
            var random = new Random(seed);
            var files = Enumerable.Range(0, 1 + random.Next(3)).Select(i => folder.WriteBytes($"s{seed}/f{i}.txt", RandomText(random))).ToArray();
            var expected = files.SelectMany(f => Oracle(f, pattern, literal, ignoreCase)).ToList();
            foreach (var chunkBytes in new[] { 1, 3, 16, 61, 4096 })
            {
                var workers = 1 + ((seed + chunkBytes) % 3);
                var sink = new RecordingFileGrepSink();
                var found = await Run(files, pattern, literal, ignoreCase, new FileGrepOptions { LineNumbers = true, ChunkBytes = chunkBytes, Workers = workers }, sink);

                sink.Lines.Should().Equal(expected, "seed {0}, {1}-byte chunks, {2} workers", seed, chunkBytes, workers);
                found.Should().Be(expected.Count);
            }
        }
    }

    [Theory]
    [InlineData("^")]
    [InlineData(@"\s*$")]
    public async Task RunAsync_EmptyMatchAfterTheLastLineBreak_IsNoLine(string pattern)
    {
        using var folder = new TempDirectory();
        var file = folder.Write("a.txt", "a\n");
        var empty = folder.Write("empty.txt", "");
        var sink = new RecordingFileGrepSink();

        var found = await Run([file, empty], pattern, false, false, new FileGrepOptions { LineNumbers = true, ChunkBytes = 1 }, sink);

        sink.Lines.Should().Equal($"{file}:1:a");
        found.Should().Be(1);
    }

    [Fact]
    public async Task RunAsync_WithoutLineNumbers_ReportsLineZeroAndTheSameLines()
    {
        using var folder = new TempDirectory();
        var file = folder.WriteBytes("a.txt", RandomText(new Random(5)));
        var sink = new RecordingFileGrepSink();

        await Run([file], "[0-9]+", false, false, new FileGrepOptions { ChunkBytes = 7 }, sink);

        var expected = Oracle(file, "[0-9]+", false, false).Select(l => DropLineNumber(l, file)).ToList();
        expected.Should().NotBeEmpty();
        sink.Lines.Should().Equal(expected);
    }

    [Fact]
    public async Task RunAsync_CountsOnly_ReportsEachFilesCountAndNoLines()
    {
        using var folder = new TempDirectory();
        var a = folder.Write("a.txt", "x1\ny\nx2 x3\n");
        var b = folder.Write("b.txt", "nothing\n");
        var c = folder.Write("c.txt", "x\r\nx");
        var sink = new RecordingFileGrepSink();

        var found = await Run([a, b, c], "x", true, false, new FileGrepOptions { ReportLines = false, ChunkBytes = 2 }, sink);

        sink.Lines.Should().BeEmpty();
        sink.Counts.Should().Equal($"{a}:2", $"{c}:2");
        found.Should().Be(4);
    }

    [Fact]
    public async Task RunAsync_MaxLinesPerFile_CapsEachFileLinesAndCounts()
    {
        using var folder = new TempDirectory();
        var a = folder.Write("a.txt", string.Concat(Enumerable.Range(0, 50).Select(i => $"hit {i}\nmiss\n")));
        var b = folder.Write("b.txt", "hit once\n");
        var sink = new RecordingFileGrepSink();

        var found = await Run([a, b], "hit", true, false, new FileGrepOptions { LineNumbers = true, MaxLinesPerFile = 3, ChunkBytes = 5, Workers = 3 }, sink);

        sink.Lines.Should().Equal($"{a}:1:hit 0", $"{a}:3:hit 1", $"{a}:5:hit 2", $"{b}:1:hit once");
        sink.Counts.Should().Equal($"{a}:3", $"{b}:1");
        found.Should().Be(4);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(FileGrepOptions.DefaultChunkBytes)]
    public async Task RunAsync_ByteOrderMarksAndUtf16_DecodeAsTheLoaderDoes(int chunkBytes)
    {
        using var folder = new TempDirectory();
        var bom = folder.WriteBytes("bom.txt", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("ab first\nno\nab third\n")]);
        var utf16 = folder.WriteBytes("wide.txt", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("no\r\nab wide\r\n")]);
        var sink = new RecordingFileGrepSink();

        await Run([bom, utf16], "^ab", false, false, new FileGrepOptions { LineNumbers = true, ChunkBytes = chunkBytes }, sink);

        sink.Lines.Should().Equal($"{bom}:1:ab first", $"{bom}:3:ab third", $"{utf16}:2:ab wide");
    }

    [Fact]
    public async Task RunAsync_BinaryFileAmongText_IsSkippedAndTheRestSearched()
    {
        using var folder = new TempDirectory();
        folder.WriteBytes("d/a.bin", [0x61, 0x62, 0x00, 0x0A]);
        var text = folder.Write("d/b.txt", "ab\n");
        var sink = new RecordingFileGrepSink();

        var found = await Run([folder.PathOf("d")], "ab", true, false, new FileGrepOptions(), sink);

        sink.Lines.Should().ContainSingle().Which.Should().EndWith("b.txt:0:ab");
        sink.Skips.Should().ContainSingle().Which.Should().EndWith("a.bin:binary");
        found.Should().Be(1);
        text.Should().NotBeNull();
    }

    [Fact]
    public async Task RunAsync_OnlyBinaryFiles_ThrowsNothingToLoad()
    {
        using var folder = new TempDirectory();
        var binary = folder.WriteBytes("a.bin", [0x00, 0x01]);

        var act = () => Run([binary], "a", true, false, new FileGrepOptions(), new RecordingFileGrepSink());

        (await act.Should().ThrowAsync<ContextLoadException>()).Which.Message.Should().Contain("binary");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(FileGrepOptions.DefaultChunkBytes)]
    public async Task RunAsync_PatternSpanningLines_SearchesEachFileWholeAndNeverAcrossFiles(int chunkBytes)
    {
        using var folder = new TempDirectory();
        var a = folder.Write("a.txt", "one\nend\n");
        var b = folder.Write("b.txt", "start\ntwo\nthree\nfour\n");
        var sink = new RecordingFileGrepSink();

        await Run([a, b], @"end\nstart|two\nthree", false, false, new FileGrepOptions { LineNumbers = true, ChunkBytes = chunkBytes }, sink);

        sink.Lines.Should().Equal($"{b}:2:two");
    }

    [Fact]
    public async Task RunAsync_CatastrophicRegex_ThrowsTimeoutAfterReportingTheFilesBefore()
    {
        using var folder = new TempDirectory();
        var first = folder.Write("a.txt", "safe line\n");
        var evil = folder.Write("b.txt", new string('a', 5000) + "!\n");
        var sink = new RecordingFileGrepSink();
        var matcher = new RegexMatcher(
            new Regex("(a|aa)*$|safe", RegexOptions.Multiline, TimeSpan.FromMilliseconds(100)), "(a|aa)*$|safe", TimeSpan.FromMilliseconds(100));

        var act = () => FileGrep.RunAsync([first, evil], matcher, new FileGrepOptions { LineNumbers = true }, sink, null, CancellationToken.None);

        await act.Should().ThrowAsync<TimeoutException>();
        sink.Lines.Should().Equal($"{first}:1:safe line");
    }

    [Fact]
    public async Task RunAsync_PatternThatExplodesCompiled_FallsBackOnceForAllChunks()
    {
        using var folder = new TempDirectory();
        var file = folder.Write("a.txt", string.Concat(Enumerable.Repeat(new string('a', 40) + "!\n", 60)) + "aab\n");
        var matcher = (RegexMatcher)TextSearch.CreateMatcher("(a+)+b", false, false, TimeSpan.FromSeconds(30));
        var sink = new RecordingFileGrepSink();
        var options = new FileGrepOptions { LineNumbers = true, ChunkBytes = 84, Workers = 1, CompiledRegexMinBytes = 0 };

        await FileGrep.RunAsync([file], matcher, options, sink, null, TestContext.Current.CancellationToken);

        sink.Lines.Should().Equal($"{file}:61:aab");
        matcher.Fallbacks.Should().Be(1, "once the compiled twin gave up on one chunk, the other 30 go straight to NonBacktracking");
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsWithOperationCanceled()
    {
        using var folder = new TempDirectory();
        var file = folder.Write("a.txt", string.Concat(Enumerable.Repeat("line with a hit\n", 20_000)));
        using var cancel = new CancellationTokenSource();
        var sink = new CancellingSink(cancel, after: 100);

        var act = () => FileGrep.RunAsync([file], TextSearch.CreateMatcher("hit", true, false, TimeSpan.FromSeconds(5)), new FileGrepOptions { ChunkBytes = 64 }, sink, null, cancel.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        sink.Seen.Should().BeLessThan(20_000);
    }

    [Fact]
    public async Task RunAsync_MissingPath_ThrowsPathNotFound()
    {
        var act = () => Run(["/no/such/file.txt"], "a", true, false, new FileGrepOptions(), new RecordingFileGrepSink());

        (await act.Should().ThrowAsync<ContextLoadException>()).Which.Message.Should().Contain("Path not found");
    }

    [Theory]
    [InlineData("[0-9]{2,}", false)]
    [InlineData("^a", false)]
    [InlineData("z*", false)]
    [InlineData("AB", true)]
    public async Task RunAsync_StandardInputInChunks_ReportsTheLinesOfTheOracle(string pattern, bool literal)
    {
        for (var seed = 0; seed < 12; seed++)
        {
            var bytes = RandomText(new Random(100 + seed));
            var expected = Oracle("stdin", bytes, pattern, literal, ignoreCase: false);
            foreach (var (chunkBytes, piece) in new[] { (1, 1), (16, 3), (61, 1000), (4096, 7) })
            {
                var sink = new RecordingFileGrepSink();
                using var input = new TricklingStream(bytes, piece);
                var found = await FileGrep.RunAsync(["-"], TextSearch.CreateMatcher(pattern, literal, false, TimeSpan.FromSeconds(5)), new FileGrepOptions { LineNumbers = true, ChunkBytes = chunkBytes, Workers = 2 }, sink, input, CancellationToken.None);

                sink.Lines.Should().Equal(expected, "seed {0}, {1}-byte chunks, reads of {2} bytes", seed, chunkBytes, piece);
                found.Should().Be(expected.Count);
            }
        }
    }

    [Fact]
    public async Task RunAsync_StandardInputWithByteOrderMarks_DecodesAsTheLoaderDoes()
    {
        byte[] utf8 = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("ab one\nno\n")];
        byte[] utf16 = [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("no\r\nab two\r\n")];
        var lines = new List<string>();
        foreach (var bytes in new[] { utf8, utf16 })
        {
            var sink = new RecordingFileGrepSink();
            using var input = new TricklingStream(bytes, 3);
            await FileGrep.RunAsync(["-"], TextSearch.CreateMatcher("^ab", false, false, TimeSpan.FromSeconds(5)), new FileGrepOptions { LineNumbers = true, ChunkBytes = 4 }, sink, input, CancellationToken.None);
            lines.AddRange(sink.Lines);
        }

        lines.Should().Equal("stdin:1:ab one", "stdin:2:ab two");
    }

    [Fact]
    public async Task RunAsync_StandardInputBinary_IsSkipped()
    {
        using var input = new MemoryStream([0x61, 0x00, 0x0A]);

        var act = () => FileGrep.RunAsync(["-"], TextSearch.CreateMatcher("a", true, false, TimeSpan.FromSeconds(5)), new FileGrepOptions(), new RecordingFileGrepSink(), input, CancellationToken.None);

        (await act.Should().ThrowAsync<ContextLoadException>()).Which.Message.Should().Contain("binary");
    }

    [Fact]
    public async Task RunAsync_StandardInputFailsPartWay_ReportsWhatWasReadAndSaysWhy()
    {
        // The first read fills a buffer big enough for the binary probe (8 K); the pipe breaks well after that.
        var bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(1, 3000).Select(i => $"hit {i}\n")));
        using var input = new TricklingStream(bytes, 50, failAfter: 20_000);
        var sink = new RecordingFileGrepSink();

        var found = await FileGrep.RunAsync(["-"], TextSearch.CreateMatcher("hit", true, false, TimeSpan.FromSeconds(5)), new FileGrepOptions { LineNumbers = true, ChunkBytes = 64 }, sink, input, CancellationToken.None);

        sink.Lines.Should().HaveCountGreaterThan(1000).And.HaveCountLessThan(3000);
        sink.Lines.Should().Equal(Enumerable.Range(1, sink.Lines.Count).Select(i => $"stdin:{i}:hit {i}"));
        sink.Skips.Should().ContainSingle().Which.Should().StartWith("stdin:unreadable:");
        sink.Counts.Should().Equal($"stdin:{sink.Lines.Count}");
        found.Should().Be(sink.Lines.Count);
    }

    [Fact]
    public async Task RunAsync_StandardInputSmall_IsSearched()
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes("a\nhit b\nc hit\n"));
        var sink = new RecordingFileGrepSink();

        var found = await FileGrep.RunAsync(["-"], TextSearch.CreateMatcher("hit", true, false, TimeSpan.FromSeconds(5)), new FileGrepOptions { LineNumbers = true }, sink, input, CancellationToken.None);

        sink.Lines.Should().Equal("stdin:2:hit b", "stdin:3:c hit");
        found.Should().Be(2);
    }

    private static Task<long> Run(IReadOnlyList<string> paths, string pattern, bool literal, bool ignoreCase, FileGrepOptions options, IFileGrepSink sink) =>
        FileGrep.RunAsync(paths, TextSearch.CreateMatcher(pattern, literal, ignoreCase, TimeSpan.FromSeconds(5)), options, sink, null, CancellationToken.None);

    /// <summary>The expected <c>name:line:text</c> entries: the file decoded whole, each line tested on its own (with its '\r').</summary>
    private static List<string> Oracle(string path, string pattern, bool literal, bool ignoreCase) =>
        Oracle(path, File.ReadAllBytes(path), pattern, literal, ignoreCase);

    private static List<string> Oracle(string path, byte[] bytes, string pattern, bool literal, bool ignoreCase)
    {
        var text = Utf8.GetString(bytes);
        var regex = new Regex(
            literal ? Regex.Escape(pattern) : pattern,
            RegexOptions.Multiline | RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None));
        var lines = text.Length == 0 ? [] : text.Split('\n');
        if (text.EndsWith('\n'))
        {
            lines = lines[..^1]; // No line after the last line break.
        }

        return lines
            .Select((line, i) => (line, i))
            .Where(x => regex.IsMatch(x.line))
            .Select(x => $"{path}:{x.i + 1}:{(x.line.EndsWith('\r') ? x.line[..^1] : x.line)}")
            .ToList();
    }

    private static string DropLineNumber(string entry, string path)
    {
        var rest = entry[(path.Length + 1)..];
        return $"{path}:0:{rest[(rest.IndexOf(':') + 1)..]}";
    }

    /// <summary>Lines of 0 to 40 pieces: words, digits, two- and four-byte chars, CR, invalid bytes; some longer than any chunk.</summary>
    private static byte[] RandomText(Random random)
    {
        string[] pieces = ["a", "b", "ab", "AB", "a b", "7", "42", "1234567", " ", "é", "É", "😀", "\r", "x.y"];
        var bytes = new List<byte>();
        var lines = random.Next(0, 60);
        for (var line = 0; line < lines; line++)
        {
            var count = random.Next(0, random.Next(10) == 0 ? 400 : 12);
            for (var p = 0; p < count; p++)
            {
                if (random.Next(40) == 0)
                {
                    bytes.Add(random.Next(2) == 0 ? (byte)0xFF : (byte)0xC3); // invalid: a stray byte, or a lead byte cut short
                }
                else
                {
                    bytes.AddRange(Encoding.UTF8.GetBytes(pieces[random.Next(pieces.Length)]));
                }
            }

            if (line < lines - 1 || random.Next(2) == 0)
            {
                bytes.Add((byte)'\n');
            }
        }

        return [.. bytes];
    }

    /// <summary>Cancels the search once it has seen some lines.</summary>
    private sealed class CancellingSink(CancellationTokenSource cancel, int after) : IFileGrepSink
    {
        public int Seen { get; private set; }

        public void Line(string name, long line, ReadOnlySpan<byte> text)
        {
            if (++Seen == after)
            {
                cancel.Cancel();
            }
        }

        public void FileDone(string name, long matchingLines)
        {
        }

        public void Skipped(string name, string reason)
        {
        }
    }
}
