namespace EdgeFlows.Activities.Training;

/// <summary>The values of <see cref="TrainingTarget.Kind"/> the built-in runners handle.</summary>
public static class TrainingTargetKinds
{
    /// <summary>A process on the host EdgeFlows runs on.</summary>
    public const string Local = "local";

    /// <summary>A VM reached with the OpenSSH client.</summary>
    public const string Ssh = "ssh";
}
