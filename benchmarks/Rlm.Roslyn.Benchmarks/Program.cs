using BenchmarkDotNet.Running;
using Rlm.Roslyn.Benchmarks;

if (args.Length > 0 && args[0] == "soak")
{
    return await SessionSoak.RunAsync(args[1..]).ConfigureAwait(false);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
