namespace EdgeFlows.Activities.Training.Transport;

/// <summary>Runs an argument vector on a target: as a local process, or through ssh.</summary>
internal interface ITargetTransport
{
    /// <summary>
    /// The work root as the wrapper on the target should receive it (local: an absolute path;
    /// ssh: absolute or relative to the login folder).
    /// </summary>
    string ResolveWorkRoot(TrainingTarget target);

    /// <summary>
    /// A key for what was installed where: equal keys mean the same machine, user and work root.
    /// </summary>
    string InstallKey(TrainingTarget target);

    /// <summary>Runs <paramref name="argv"/> with <paramref name="stdin"/> as its input, within the target's command timeout.</summary>
    /// <exception cref="TrainingTargetException">The target is unreachable, refused, the program could not start, or the command timed out.</exception>
    Task<CommandResult> RunAsync(TrainingTarget target, IReadOnlyList<string> argv, ReadOnlyMemory<byte> stdin, CancellationToken cancellationToken);
}
