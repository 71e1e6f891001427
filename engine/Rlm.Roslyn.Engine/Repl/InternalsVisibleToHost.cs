using System.Runtime.CompilerServices;

// The console's assembly is named "rlm" (AssemblyName in host/Rlm.Roslyn.Host.csproj), so the csproj's
// <InternalsVisibleTo Include="Rlm.Roslyn.Host" /> does not reach it. rlm repl needs ReplSession, the
// submission results and the script parse options. Belongs in the csproj as <InternalsVisibleTo Include="rlm" />.
[assembly: InternalsVisibleTo("rlm")]
