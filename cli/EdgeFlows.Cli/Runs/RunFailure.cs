namespace EdgeFlows.Cli.Runs;

/// <summary>Why a run failed: the exception type and message its orchestrator ended with.</summary>
public sealed record RunFailure(string? ErrorType, string ErrorMessage);
