namespace EdgeFlows.Activities.Training.Transport;

/// <summary>How a command on a target ended. Output is bounded (see <see cref="TargetProcess"/>).</summary>
internal sealed record CommandResult(int ExitCode, string Stdout, string Stderr);
