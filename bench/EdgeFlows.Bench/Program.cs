// The benchmark program. Its command line is a stable contract (issue 2, "Benchmarks"):
//   dotnet run -c Release --project bench/EdgeFlows.Bench -- <scenario> [--store sqlite|postgres] [--json]
// BenchCommands defines it; each scenario lives in Scenarios/.
using EdgeFlows.Bench;

return await BenchCommands.Parse(args).InvokeAsync();
