using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Rlm.Roslyn;

/// <summary>
/// Binds a configuration section onto <see cref="RlmServiceOptions"/>: the flat engine keys onto a fresh
/// <see cref="RlmOptions"/> (records take their values through their init accessors), the rest onto the options.
/// </summary>
internal sealed class RlmServiceOptionsSetup(IConfiguration section) : IConfigureOptions<RlmServiceOptions>
{
    public void Configure(RlmServiceOptions options)
    {
        options.Engine = section.Get<RlmOptions>() ?? options.Engine;
        section.Bind(options, binder => binder.ErrorOnUnknownConfiguration = false);
    }
}
