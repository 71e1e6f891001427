namespace Rlm.Roslyn;

/// <summary>
/// Creates code sessions for a language the engine does not run itself (Python). The engine owns this interface
/// so that it never depends on the runtime behind it; the sandbox's Python project implements it.
/// </summary>
public interface ICodeSessionFactory
{
    /// <summary>Starts a session over <paramref name="setup"/>'s context; the caller disposes it.</summary>
    /// <param name="setup">The context, the question and the callbacks for sub-LM calls.</param>
    ICodeSession Create(CodeSessionSetup setup);
}
