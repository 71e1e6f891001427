using System.Text.Json;

namespace Rlm.Roslyn;

/// <summary>
/// A sub-call cache in a folder, kept across runs: one JSON file per answer, named by its key
/// (<c>DIR/ab/abcdef....json</c>). Safe for concurrent writers, in one process or several: each answer is written
/// to a temporary file and renamed into place, so a reader sees a whole file or none. A file that cannot be read
/// or parsed is a miss; a write that fails is skipped (the answer is still returned).
/// </summary>
public sealed class DiskSubCallCache : ISubCallCache
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = false };

    /// <summary>Uses (and creates if needed) <paramref name="folder"/>.</summary>
    /// <param name="folder">The cache folder.</param>
    /// <exception cref="IOException">The folder cannot be created (for example a file has that name).</exception>
    public DiskSubCallCache(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(Folder);
    }

    /// <summary>The cache folder (full path).</summary>
    public string Folder { get; }

    /// <inheritdoc/>
    public async ValueTask<CachedReply?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, useAsync: true);
            await using var _ = stream.ConfigureAwait(false);
            var reply = await JsonSerializer.DeserializeAsync<CachedReply>(stream, s_json, cancellationToken).ConfigureAwait(false);
            return reply is { Text: not null } ? reply : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public async ValueTask SetAsync(string key, CachedReply reply, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var path = PathOf(key);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                await JsonSerializer.SerializeAsync(stream, reply, s_json, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
        }
        catch (OperationCanceledException)
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A stray temporary file is harmless: lookups only open key-named files.
        }
    }

    private string PathOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 8 || !key.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException("A cache key is lowercase hex digits.", nameof(key));
        }

        return Path.Join(Folder, key[..2], key + ".json");
    }
}
