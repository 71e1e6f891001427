using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using Rlm.Roslyn.Corpus;

namespace Rlm.Roslyn.Benchmarks;

/// <summary>
/// Loading a generated UTF-8 file (from the page cache) with <see cref="ContextLoader"/>; the baseline reads the same
/// bytes into a preallocated array, the floor of any loader.
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "BenchmarkDotNet runs benchmarks as instance methods.")]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class LoadBenchmarks
{
    private string _path = null!;
    private byte[] _bytes = null!;

    /// <summary>File size in bytes.</summary>
    [Params(200_000_000)]
    public int Bytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"rlm-load-{Bytes}.txt");
        if (!File.Exists(_path) || new FileInfo(_path).Length != Bytes)
        {
            using var file = File.Create(_path);
            new CorpusGenerator(1).Write(file, Bytes);
        }

        _bytes = new byte[Bytes];
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    /// <summary>The floor: read the file's bytes into a preallocated array.</summary>
    [Benchmark(Baseline = true)]
    public int ReadBytes()
    {
        using var handle = File.OpenHandle(_path);
        var total = 0;
        int read;
        while ((read = RandomAccess.Read(handle, _bytes.AsSpan(total), total)) > 0)
        {
            total += read;
        }

        return total;
    }

    /// <summary>ContextLoader: decode UTF-8 straight into one preallocated char buffer.</summary>
    [Benchmark]
    public async Task<int> ContextLoaderLoad() => (await ContextLoader.LoadAsync([_path]).ConfigureAwait(false)).Length;
}
