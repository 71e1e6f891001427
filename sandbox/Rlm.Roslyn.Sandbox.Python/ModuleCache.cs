using System.Reflection;
using Module = Wasmtime.Module;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Wasmtime;

namespace Rlm.Roslyn.Python;

/// <summary>
/// Compiling python.wasm takes seconds; loading a precompiled module takes milliseconds. The cache keeps one
/// file per (python.wasm hash, engine settings, Wasmtime version, CPU), written atomically.
/// </summary>
internal static class ModuleCache
{
    /// <summary>The module for <paramref name="wasmPath"/>, from the cache when it holds a usable copy, compiled (and cached) otherwise.</summary>
    /// <param name="engine">The engine the module is for; <paramref name="engineSettings"/> must describe its configuration.</param>
    /// <param name="wasmPath">python.wasm.</param>
    /// <param name="engineSettings">Every engine setting that changes the compiled code.</param>
    /// <param name="cacheFolder">Where cached modules live.</param>
    /// <param name="fromCache">Whether the module came from the cache.</param>
    public static Module Load(Engine engine, string wasmPath, string engineSettings, string cacheFolder, out bool fromCache)
    {
        var wasm = File.ReadAllBytes(wasmPath);
        var file = Path.Combine(cacheFolder, Key(wasm, engineSettings) + ".cwasm");
        if (File.Exists(file))
        {
            try
            {
                fromCache = true;
                return Module.DeserializeFile(engine, "python", file);
            }
            catch (WasmtimeException)
            {
                // A truncated or foreign file: compile again and replace it.
            }
        }

        fromCache = false;
        var module = Module.FromBytes(engine, "python", wasm);
        try
        {
            Directory.CreateDirectory(cacheFolder);
            var temp = $"{file}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            File.WriteAllBytes(temp, module.Serialize());
            File.Move(temp, file, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A read-only cache only costs the next process a compile.
        }

        return module;
    }

    /// <summary>The cache key: SHA-256 over the wasm bytes, the engine settings, the Wasmtime version and the CPU.</summary>
    internal static string Key(ReadOnlySpan<byte> wasm, string engineSettings)
    {
        var wasmtime = typeof(Engine).Assembly;
        var version = wasmtime.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? wasmtime.GetName().Version?.ToString() ?? "unknown";
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(wasm);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"|{engineSettings}|wasmtime {version}|{RuntimeInformation.ProcessArchitecture}"));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
