using Microsoft.Extensions.Options;

namespace Rlm.Roslyn;

/// <summary>Checks <see cref="RlmServiceOptions"/> once, when they are first read, with the records' own rules.</summary>
internal sealed class RlmServiceOptionsValidator : IValidateOptions<RlmServiceOptions>
{
    public ValidateOptionsResult Validate(string? name, RlmServiceOptions options)
    {
        if (options.Engine is null)
        {
            return ValidateOptionsResult.Fail("Rlm: Engine must not be null.");
        }

        try
        {
            options.ToRecursiveContextOptions().Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail($"Rlm: {ex.Message}");
        }
    }
}
