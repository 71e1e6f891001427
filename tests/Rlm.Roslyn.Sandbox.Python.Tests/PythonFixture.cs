using Rlm.Roslyn.Python.Tests.Fakes;

[assembly: AssemblyFixture(typeof(Rlm.Roslyn.Python.Tests.PythonFixture))]

namespace Rlm.Roslyn.Python.Tests;

/// <summary>
/// One runtime for the whole test assembly (python.wasm compiled or loaded once). It resolves python.wasm as the
/// engine does ($RLM_PYTHON_WASM, else the build script's cache); when it is missing the tests fail, they never
/// skip: run sandbox/python/build.sh (CI's .ci/run does).
/// </summary>
public sealed class PythonFixture : IDisposable
{
    public PythonFixture()
    {
        Runtime = new PythonRuntime(new PythonOptions { MemoryLimitBytes = 256L << 20, MaxOutputChars = 10_000 });
    }

    internal PythonRuntime Runtime { get; }

    internal ICodeSession NewSession(string context = "alpha\nbeta\ngamma\n", RecordingHost? host = null) =>
        Runtime.Create(new CodeSessionSetup(RlmContext.FromString(context), "the question", host ?? new RecordingHost()));

    internal ICodeSession NewSession(RlmContext context, RecordingHost? host = null) =>
        Runtime.Create(new CodeSessionSetup(context, "the question", host ?? new RecordingHost()));

    public void Dispose() => Runtime.Dispose();
}
