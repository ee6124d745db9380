namespace EdgeFlows.Bench;

/// <summary>What every scenario run shares, from the command line.</summary>
/// <param name="Store">The store measured; "sqlite" (a file on disk, synchronous FULL) or "postgres" (see BenchStores).</param>
/// <param name="Timeout">How long one run may take before it is declared stuck.</param>
/// <param name="Profile">Print per-store-operation counts and latencies to stderr after each run.</param>
internal sealed record BenchSettings(string Store, TimeSpan Timeout, bool Profile);
