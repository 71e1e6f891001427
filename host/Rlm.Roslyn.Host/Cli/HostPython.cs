using Rlm.Roslyn.Python;

namespace Rlm.Roslyn.Host;

/// <summary>How the console runs Python: <c>--language python</c>, <c>--python</c> and <c>--python-wasm FILE</c>.</summary>
/// <param name="WasmPath">python.wasm from <c>--python-wasm</c>, or null for the default resolution (RLM_PYTHON_WASM, then the build cache).</param>
internal sealed record HostPython(string? WasmPath)
{
    /// <summary>The language of <c>--language</c>; C# when absent.</summary>
    public static RlmLanguage ParseLanguage(string? value) => value?.ToUpperInvariant() switch
    {
        null or "CSHARP" or "C#" or "CS" => RlmLanguage.CSharp,
        "PYTHON" or "PY" => RlmLanguage.Python,
        _ => throw new UsageException($"--language: '{value}' is not a language; use csharp or python."),
    };

    /// <summary>Python settings when the arguments ask for Python at all, else null.</summary>
    public static HostPython? FromArguments(RlmLanguage language, bool pythonFlag, string? wasmPath)
    {
        if (language != RlmLanguage.Python && !pythonFlag)
        {
            return wasmPath is null ? null : throw new UsageException("--python-wasm needs --language python or --python.");
        }

        if (wasmPath is not null && !File.Exists(wasmPath))
        {
            throw new UsageException($"--python-wasm: '{wasmPath}' does not exist.");
        }

        return new HostPython(wasmPath);
    }

    /// <summary>Loads python.wasm (compiled once, then from the module cache); a missing build is a usage error that says how to build it.</summary>
    public PythonRuntime Start()
    {
        try
        {
            return new PythonRuntime(new PythonOptions { WasmPath = WasmPath });
        }
        catch (FileNotFoundException ex)
        {
            throw new UsageException(ex.Message);
        }
    }
}
