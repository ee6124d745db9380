namespace EdgeFlows.Bench.Pipeline;

/// <summary>Settings of one pipeline benchmark run.</summary>
public sealed class PipelineBenchmarkOptions
{
    /// <summary>Measured end-to-end runs (one more, first, warms up and is not counted).</summary>
    public int Runs { get; init; } = 10;

    /// <summary><c>local</c> or <c>ssh</c> (to the test sshd on 127.0.0.1).</summary>
    public string Runner { get; init; } = "local";

    /// <summary>ssh's client: <c>openssh</c> (the ssh program) or <c>managed</c> (SSH.NET in process, the Windows default).</summary>
    public string SshClient { get; init; } = "openssh";

    /// <summary>The Python 3 interpreter of the job wrapper and the trainer (default <c>python3</c> on PATH).</summary>
    public string Python { get; init; } = "python3";

    /// <summary>Rows of the Breast Cancer data set in the first run; each later run adds one.</summary>
    public int Rows { get; init; } = 200;

    /// <summary>The base image's layer size (bytes), pushed once before the runs.</summary>
    public int BaseLayerBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>The Wait step's first poll interval; it grows by 1.5 up to <see cref="MaxPollInterval"/>.</summary>
    public TimeSpan FirstPollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The Wait step's longest poll interval.</summary>
    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest one run may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Where progress goes (stderr).</summary>
    public Action<string>? Progress { get; init; }

    /// <summary>Throws for invalid settings.</summary>
    public void Validate()
    {
        if (Runs < 1)
        {
            throw new ArgumentException("--runs must be at least 1.");
        }

        if (Runner is not ("local" or "ssh"))
        {
            throw new ArgumentException("--runner must be local or ssh.");
        }

        if (SshClient is not ("openssh" or "managed"))
        {
            throw new ArgumentException("--ssh-client must be openssh or managed.");
        }
    }
}
