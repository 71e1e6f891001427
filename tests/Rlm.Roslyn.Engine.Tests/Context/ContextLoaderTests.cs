using System.Text;

namespace Rlm.Roslyn.Tests.Context;

public sealed class ContextLoaderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task LoadAsync_SingleFile_LoadsOneDocumentNamedAsGiven()
    {
        var path = _temp.Write("notes.txt", "hello\nworld\n");

        var context = await LoadAsync(null, path);

        context.Text.ToString().Should().Be("hello\nworld\n");
        context.Documents.Should().ContainSingle();
        var document = context.Documents[0];
        document.Should().BeEquivalentTo(new { Index = 0, Name = path, Offset = 0, Length = 12 });
        document.Text.ToString().Should().Be("hello\nworld\n");
        context.Report.SkippedFiles.Should().BeEmpty();
        context.Report.ReplacedInvalidBytes.Should().Be(0);
    }

    [Fact]
    public async Task LoadAsync_Folder_SkipsDefaultSkipDirectoriesAtAnyDepth()
    {
        _temp.Write("a.txt", "a");
        _temp.Write(".editorconfig", "root = true");
        _temp.Write("bins/kept.txt", "kept");
        _temp.Write("src/code.cs", "code");
        foreach (var skipped in new[] { ".git/config", "bin/x.dll.txt", "obj/y.txt", "node_modules/z.js", "src/bin/d.txt", "src/deep/obj/e.txt", "src/deep/node_modules/p/f.js", "src/.git/HEAD" })
        {
            _temp.Write(skipped, "skipped");
        }

        var context = await LoadAsync(null, _temp.Root);

        context.Documents.Select(d => d.Name).Should().Equal(
            _temp.NameOf(".editorconfig"), _temp.NameOf("a.txt"), _temp.NameOf("bins/kept.txt"), _temp.NameOf("src/code.cs"));
        context.Report.SkippedFiles.Should().BeEmpty("files in skipped folders are left out, not reported");
    }

    [Fact]
    public async Task LoadAsync_CustomSkipDirectories_ReplacesTheDefaults()
    {
        _temp.Write("bin/a.txt", "a");
        _temp.Write("gen/b.txt", "b");

        var context = await LoadAsync(new ContextLoadOptions { SkipDirectories = ["GEN"] }, _temp.Root);

        context.Documents.Select(d => d.Name).Should().Equal(_temp.NameOf("bin/a.txt"));
    }

    [Fact]
    public async Task LoadAsync_FileNamedInsideSkippedFolder_LoadsIt()
    {
        var path = _temp.Write("bin/generated.txt", "generated");

        var context = await LoadAsync(null, path);

        context.Text.ToString().Should().Be("generated");
    }

    [Fact]
    public async Task LoadAsync_IncludeGlob_LoadsOnlyMatchingFiles()
    {
        _temp.Write("a.cs", "a");
        _temp.Write("b.txt", "b");
        _temp.Write("src/c.cs", "c");
        _temp.Write("src/deep/d.CS", "d");

        var context = await LoadAsync(new ContextLoadOptions { Include = ["**/*.cs"] }, _temp.Root);

        context.Documents.Select(d => d.Name).Should().Equal(_temp.NameOf("a.cs"), _temp.NameOf("src/c.cs"), _temp.NameOf("src/deep/d.CS"));
    }

    [Fact]
    public async Task LoadAsync_ExcludeGlob_DropsMatchingFiles()
    {
        _temp.Write("a.cs", "a");
        _temp.Write("a.min.js", "min");
        _temp.Write("tests/t.cs", "t");
        _temp.Write("src/s.cs", "s");

        var options = new ContextLoadOptions { Include = ["**/*.cs", "**/*.js"], Exclude = ["**/*.min.js", "tests/**"] };
        var context = await LoadAsync(options, _temp.Root);

        context.Documents.Select(d => d.Name).Should().Equal(_temp.NameOf("a.cs"), _temp.NameOf("src/s.cs"));
    }

    [Fact]
    public async Task LoadAsync_Folder_OrdersByOrdinalRelativePathEveryTime()
    {
        foreach (var name in new[] { "b-c.txt", "a/z.txt", "B.txt", "a.txt", "a/b/y.txt", "a/a.txt" })
        {
            _temp.Write(name, name);
        }

        var first = await LoadAsync(null, _temp.Root);
        var second = await LoadAsync(null, _temp.Root);

        var expected = new[] { "B.txt", "a.txt", "a/a.txt", "a/b/y.txt", "a/z.txt", "b-c.txt" };
        first.Documents.Select(d => d.Name).Should().Equal(expected.Select(_temp.NameOf));
        second.Documents.Select(d => d.Name).Should().Equal(first.Documents.Select(d => d.Name));
        second.Text.ToString().Should().Be(first.Text.ToString());
    }

    [Fact]
    public async Task LoadAsync_SeveralFiles_LaysDocumentsEndToEndWithSeparators()
    {
        string[] contents = ["one", "two\n", "", "three", "four\r\n", "five"];
        var paths = contents.Select((text, i) => _temp.Write($"{i}.txt", text)).ToArray();

        var context = await LoadAsync(null, paths);

        // A '\n' follows every document but the last that is empty or does not end with one.
        context.Text.ToString().Should().Be("one\ntwo\n\nthree\nfour\r\nfive");
        context.Documents.Should().HaveCount(contents.Length);
        for (var i = 0; i < contents.Length; i++)
        {
            var document = context.Documents[i];
            document.Index.Should().Be(i);
            document.Text.ToString().Should().Be(contents[i]);
            document.Length.Should().Be(contents[i].Length);
            context.Text.Slice(document.Offset, document.Length).ToString().Should().Be(contents[i]);
        }

        context.Documents.Select(d => d.Offset).Should().Equal(0, 4, 8, 9, 15, 21);
        context.DocumentAt(3).Should().BeNull("offset 3 is a separator");
        context.DocumentAt(8)!.Index.Should().Be(2, "the empty document sits at offset 8");
    }

    [Fact]
    public async Task LoadAsync_InvalidUtf8_ReplacesEachSequenceAndCountsIt()
    {
        // 'a', FF, FE (two invalid bytes), 'b', C3 A9 (valid 'é'), E2 82 (a truncated euro sign at the end).
        byte[] bytes = [0x61, 0xFF, 0xFE, 0x62, 0xC3, 0xA9, 0xE2, 0x82];
        var path = _temp.WriteBytes("bad.txt", bytes);

        var context = await LoadAsync(null, path);

        context.Text.ToString().Should().Be("a\uFFFD\uFFFDb\u00E9\uFFFD");
        context.Text.ToString().Should().Be(Encoding.UTF8.GetString(bytes), "the BCL replacement fallback is the oracle");
        context.Report.ReplacedInvalidBytes.Should().Be(3);
    }

    [Fact]
    public async Task LoadAsync_InvalidUtf8InSeveralFilesAndStdin_SumsTheCounts()
    {
        var a = _temp.WriteBytes("a.txt", [0x61, 0x80]);
        var b = _temp.WriteBytes("b.txt", [0xC0, 0xAF, 0x62]);
        using var stdin = new MemoryStream([0xFF]);

        var context = await LoadAsync(null, stdin, a, "-", b);

        context.Text.ToString().Should().Be("a\uFFFD\n\uFFFD\n\uFFFD\uFFFDb");
        context.Report.ReplacedInvalidBytes.Should().Be(4);
    }

    [Fact]
    public async Task LoadAsync_RandomBytesOverSeveralBlocks_MatchesTheBclDecoder()
    {
        // No NUL (binary) and no 0xEF (which could form a real U+FFFD or a BOM), so every U+FFFD is a replacement.
        var random = new Random(42);
        var bytes = new byte[(3 * ContextStreamDecoder.BlockBytes) + 12_345];
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = (byte)random.Next(1, 256);
            bytes[i] = b == 0xEF ? (byte)'x' : b;
        }

        var path = _temp.WriteBytes("random.bin.txt", bytes);

        var context = await LoadAsync(null, path);

        var expected = Encoding.UTF8.GetString(bytes);
        context.Text.ToString().Should().Be(expected);
        context.Report.ReplacedInvalidBytes.Should().Be(expected.Count(c => c == '\uFFFD'));
    }

    [Fact]
    public async Task LoadAsync_Utf16WithUnpairedSurrogate_ReplacesAndCountsIt()
    {
        byte[] bytes = [0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00];
        var path = _temp.WriteBytes("lone.txt", bytes);

        var context = await LoadAsync(null, path);

        context.Text.ToString().Should().Be("\uFFFDA");
        context.Report.ReplacedInvalidBytes.Should().Be(1);
    }

    [Fact]
    public async Task LoadAsync_BinaryFile_SkipsAndReportsIt()
    {
        var text = _temp.Write("a.txt", "text");
        var binary = _temp.WriteBytes("b.dat", [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x41]);
        var lateNul = _temp.WriteBytes("c.txt", [.. Enumerable.Repeat((byte)'x', ContextStreamDecoder.BinaryProbeBytes), 0x00]);

        var context = await LoadAsync(null, text, binary, lateNul);

        context.Documents.Select(d => d.Name).Should().Equal(text, lateNul);
        context.Report.SkippedFiles.Should().Equal(new SkippedFile(binary, "binary"));
        context.Text.ToString().Should().Be("text\n" + new string('x', ContextStreamDecoder.BinaryProbeBytes) + "\0",
            "a NUL after the first 8 KB does not make a file binary");
    }

    [Fact]
    public async Task LoadAsync_BinaryFileWhenNotSkippingBinary_LoadsIt()
    {
        var binary = _temp.WriteBytes("b.dat", [0x41, 0x00, 0x42]);

        var context = await LoadAsync(new ContextLoadOptions { SkipBinaryFiles = false }, binary);

        context.Text.ToString().Should().Be("A\0B");
    }

    [Fact]
    public async Task LoadAsync_BinaryFileInFolder_IsReportedUnderItsDocumentName()
    {
        _temp.Write("a.txt", "a");
        _temp.WriteBytes("img/logo.png", [0x89, 0x50, 0x4E, 0x47, 0x00]);

        var context = await LoadAsync(null, _temp.Root);

        context.Report.SkippedFiles.Should().Equal(new SkippedFile(_temp.NameOf("img/logo.png"), "binary"));
    }

    [Fact]
    public async Task LoadAsync_OnlyBinaryFiles_ThrowsNothingToLoad()
    {
        var a = _temp.WriteBytes("a.bin", [0x00]);
        var b = _temp.WriteBytes("b.bin", [0x01, 0x00]);

        var act = () => LoadAsync(null, a, b);

        (await act.Should().ThrowAsync<ContextLoadException>())
            .WithMessage("Nothing to load: 2 paths were skipped (2 binary).");
    }

    [Fact]
    public async Task LoadAsync_FolderWithNoMatchingFiles_ThrowsNothingToLoad()
    {
        _temp.Write("a.txt", "a");

        var act = () => LoadAsync(new ContextLoadOptions { Include = ["**/*.cs"] }, _temp.Root);

        (await act.Should().ThrowAsync<ContextLoadException>()).WithMessage("Nothing to load: no files matched*");
    }

    [Fact]
    public async Task LoadAsync_Utf8Bom_StripsIt()
    {
        var path = _temp.WriteBytes("bom.txt", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("caf\u00E9")]);

        var context = await LoadAsync(null, path);

        context.Text.ToString().Should().Be("caf\u00E9");
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("utf-16BE")]
    public async Task LoadAsync_Utf16WithBom_DecodesIt(string encodingName)
    {
        var encoding = Encoding.GetEncoding(encodingName);
        const string Text = "h\u00E9llo \u20AC \U0001F600\nplain ASCII has NUL bytes in UTF-16";
        var path = _temp.WriteBytes("utf16.txt", [.. encoding.GetPreamble(), .. encoding.GetBytes(Text)]);

        var context = await LoadAsync(null, path);

        context.Text.ToString().Should().Be(Text);
        context.Report.SkippedFiles.Should().BeEmpty();
    }

    [Fact]
    public async Task LoadAsync_MissingPath_ThrowsWithThePath()
    {
        var existing = _temp.Write("a.txt", "a");
        var missing = _temp.PathOf("nope/missing.txt");

        var act = () => LoadAsync(null, existing, missing);

        (await act.Should().ThrowAsync<ContextLoadException>()).WithMessage($"Path not found: '{missing}'");
    }

    [Fact]
    public async Task LoadAsync_NoPaths_Throws()
    {
        var act = () => LoadAsync(null);

        (await act.Should().ThrowAsync<ContextLoadException>()).WithMessage("No paths were given*");
    }

    [Fact]
    public async Task LoadAsync_ContextOverMaxChars_ThrowsNamingTheFile()
    {
        var a = _temp.Write("a.txt", "12345");
        var b = _temp.Write("b.txt", "678901");

        var act = () => LoadAsync(new ContextLoadOptions { MaxChars = 10 }, a, b);

        (await act.Should().ThrowAsync<ContextLoadException>())
            .WithMessage($"The context would exceed 10 chars (at '{b}'); narrow it with --include/--exclude.");
    }

    [Fact]
    public async Task LoadAsync_ContextOfExactlyMaxChars_Loads()
    {
        var a = _temp.Write("a.txt", "12345");
        var b = _temp.Write("b.txt", "6789");

        var context = await LoadAsync(new ContextLoadOptions { MaxChars = 10 }, a, b);

        context.Length.Should().Be(10);
    }

    [Fact]
    public async Task LoadAsync_MultiByteTextOverMaxBytesButUnderMaxChars_Loads()
    {
        // 8 chars in 24 bytes: the byte sum is over the limit, the chars are not.
        var path = _temp.Write("euro.txt", new string('\u20AC', 8));

        var context = await LoadAsync(new ContextLoadOptions { MaxChars = 8 }, path);

        context.Text.ToString().Should().Be(new string('\u20AC', 8));
    }

    [Fact]
    public async Task LoadAsync_LargeFileOverMaxChars_Throws()
    {
        var path = _temp.Write("big.txt", new string('x', (2 * ContextStreamDecoder.BlockBytes) + 1));

        var act = () => LoadAsync(new ContextLoadOptions { MaxChars = ContextStreamDecoder.BlockBytes + 7 }, path);

        (await act.Should().ThrowAsync<ContextLoadException>()).WithMessage("The context would exceed 1,048,583 chars (at '*big.txt')*");
    }

    [Fact]
    public async Task LoadAsync_StandardInputBetweenFiles_KeepsTheOrder()
    {
        var a = _temp.Write("a.txt", "first");
        var b = _temp.Write("b.txt", "last\n");
        using var stdin = new MemoryStream(Encoding.UTF8.GetBytes("from \u00E9 stdin\n"));

        var context = await LoadAsync(null, stdin, a, "-", b);

        context.Documents.Select(d => d.Name).Should().Equal(a, "stdin", b);
        context.Documents[1].Text.ToString().Should().Be("from \u00E9 stdin\n");
        context.Text.ToString().Should().Be("first\nfrom \u00E9 stdin\nlast\n");
    }

    [Fact]
    public async Task LoadAsync_LargeStandardInput_GrowsAndRoundTrips()
    {
        var text = GenerateText(3 * ContextStreamDecoder.BlockBytes);
        using var stdin = new MemoryStream(Encoding.UTF8.GetBytes(text));

        var context = await LoadAsync(null, stdin, "-");

        context.Text.ToString().Should().Be(text);
        context.Documents.Should().ContainSingle().Which.Name.Should().Be("stdin");
    }

    [Fact]
    public async Task LoadAsync_StandardInputTwice_Throws()
    {
        using var stdin = new MemoryStream([0x61]);

        var act = () => LoadAsync(null, stdin, "-", "-");

        await act.Should().ThrowAsync<ContextLoadException>();
    }

    [Fact]
    public async Task LoadAsync_MultiMegabyteFile_RoundTrips()
    {
        var text = GenerateText((5 * ContextStreamDecoder.BlockBytes) + 333);
        var path = _temp.Write("big.txt", text);

        var context = await LoadAsync(null, path);

        context.Text.Length.Should().Be(text.Length);
        context.Text.Span.SequenceEqual(text).Should().BeTrue();
        context.Report.ReplacedInvalidBytes.Should().Be(0, "multi-byte chars split across read blocks are still valid");
    }

    [Fact]
    public async Task LoadAsync_EmptyFile_LoadsAnEmptyDocument()
    {
        var empty = _temp.Write("empty.txt", "");

        var context = await LoadAsync(null, empty);

        context.Length.Should().Be(0);
        context.Documents.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Name = empty, Offset = 0, Length = 0 });
    }

    [Fact]
    public async Task LoadAsync_FileNamedTwiceOrAlsoInFolder_LoadsItOnce()
    {
        var a = _temp.Write("a.txt", "a");
        _temp.Write("b.txt", "b");

        var context = await LoadAsync(null, a, _temp.Root, a);

        context.Documents.Select(d => d.Name).Should().Equal(a, _temp.NameOf("b.txt"));
    }

    [Fact]
    public async Task LoadAsync_BrokenLinkInFolder_SkipsAndReportsItWithoutFailing()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Creating symbolic links needs a privilege on Windows.");
        _temp.Write("a.txt", "a");
        File.CreateSymbolicLink(_temp.PathOf("dangling.txt"), _temp.PathOf("gone.txt"));

        var context = await LoadAsync(null, _temp.Root);

        context.Documents.Select(d => d.Name).Should().Equal(_temp.NameOf("a.txt"));
        context.Report.SkippedFiles.Should().Equal(new SkippedFile(_temp.NameOf("dangling.txt"), "not found"));
    }

    [Fact]
    public async Task LoadAsync_LinkToParentFolder_IsNotFollowed()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Creating symbolic links needs a privilege on Windows.");
        _temp.Write("sub/a.txt", "a");
        Directory.CreateSymbolicLink(_temp.PathOf("sub/loop"), _temp.Root);

        var context = await LoadAsync(null, _temp.Root);

        context.Documents.Select(d => d.Name).Should().Equal(_temp.NameOf("sub/a.txt"));
    }

    [Fact]
    public async Task LoadAsync_CancelledToken_Throws()
    {
        var a = _temp.Write("a.txt", "a");
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        var act = () => ContextLoader.LoadAsync([a], cancellationToken: cancellation.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task LoadAsync_InvalidOptions_ThrowsArgumentException()
    {
        var a = _temp.Write("a.txt", "a");

        var act = () => LoadAsync(new ContextLoadOptions { MaxChars = 0 }, a);

        await act.Should().ThrowAsync<ArgumentException>().WithParameterName("MaxChars");
    }

    private static Task<RlmContext> LoadAsync(ContextLoadOptions? options, params string[] paths) =>
        ContextLoader.LoadAsync(paths, options, null, TestContext.Current.CancellationToken);

    private static Task<RlmContext> LoadAsync(ContextLoadOptions? options, Stream standardInput, params string[] paths) =>
        ContextLoader.LoadAsync(paths, options, standardInput, TestContext.Current.CancellationToken);

    /// <summary>Deterministic text of about <paramref name="length"/> chars mixing ASCII, 2-, 3- and 4-byte UTF-8 sequences and newlines.</summary>
    private static string GenerateText(int length)
    {
        string[] pieces = ["line of ascii text ", "caf\u00E9 ", "\u20AC\u20AC ", "\U0001F600 ", "\u4E2D\u6587 ", "\n", "tab\t"];
        var random = new Random(7);
        var builder = new StringBuilder(length + 32);
        while (builder.Length < length)
        {
            builder.Append(pieces[random.Next(pieces.Length)]);
        }

        return builder.ToString();
    }
}
