// The runner contract over ssh to the throw-away sshd from eng/services/sshd.sh (the same
// machine, so the tests look into the job folders directly), and the ways a connection fails,
// once with each ssh client: the OpenSSH program and SSH.NET in process (the Windows default).
using System.Net;
using System.Net.Sockets;
using EdgeFlows.Activities.Tests.Storage;
using EdgeFlows.Activities.Training;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Activities.Tests.Training;

public sealed class SshTrainingRunnerTests(ContainerFixture storage) : SshTrainingRunnerContract(storage)
{
    protected override SshClientKind Client => SshClientKind.OpenSsh;

    [Fact]
    public void Runner_AutoOnThisHost_PicksOpenSshOnUnixAndManagedOnWindows()
    {
        using var runner = new SshTrainingRunner(Options.Create(new TrainingRunnerOptions { SshClient = SshClientKind.Auto }));

        Assert.Equal(OperatingSystem.IsWindows(), runner.UsesManagedClient);
    }
}

public abstract class SshTrainingRunnerContract(ContainerFixture storage) : TrainingRunnerContract(storage)
{
    protected abstract SshClientKind Client { get; }

    protected override ITrainingRunner CreateRunner() => new SshTrainingRunner(Options.Create(new TrainingRunnerOptions { SshClient = Client }));

    protected override TrainingTarget CreateTarget(string workRoot) => new()
    {
        Name = "test-vm",
        Kind = TrainingTargetKinds.Ssh,
        WorkRoot = workRoot,
        Host = Sshd.Host,
        Port = Sshd.Port,
        User = Sshd.User,
        IdentityFile = Sshd.KeyFile,
        KnownHostsFile = Sshd.KnownHostsFile,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        CommandTimeout = TimeSpan.FromSeconds(60),
    };

    [Fact]
    public async Task ProbeAsync_ClosedPort_UnreachableWithReason()
    {
        var target = Target with { Port = ClosedPort() };

        var report = await Runner.ProbeAsync(target);

        Assert.False(report.Reachable);
        Assert.Contains($"connection to 127.0.0.1:{target.Port} refused", report.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ClosedPort_ThrowsUnreachable()
    {
        var target = Target with { Port = ClosedPort() };
        var input = Blobs.MissingInput("in.csv", "in/never.csv");

        var error = await Assert.ThrowsAsync<TrainingTargetException>(() => Runner.StartAsync(target, Shell(NewJobId("down"), "true") with { Inputs = [input] }));

        Assert.Equal(TrainingTargetFailure.Unreachable, error.Failure);
        Assert.True(error.IsTransient);
        Assert.Equal("test-vm", error.Target);
        Assert.All(JobBlobs.SignatureForms(input), sig => Assert.DoesNotContain(sig, error.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProbeAsync_ServerNeverAnswers_UnreachableAfterConnectTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var target = Target with { Port = ((IPEndPoint)silent.LocalEndpoint).Port, ConnectTimeout = TimeSpan.FromSeconds(1) };

        var report = await Runner.ProbeAsync(target);

        Assert.False(report.Reachable);
        Assert.Contains("timed out after 1 s", report.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStatusAsync_CommandOutlivesCommandTimeout_ClientKilledAndTimeoutReported()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var target = Target with { Port = ((IPEndPoint)silent.LocalEndpoint).Port, ConnectTimeout = TimeSpan.FromMinutes(5), CommandTimeout = TimeSpan.FromSeconds(1) };

        var error = await Assert.ThrowsAsync<TrainingTargetException>(() => Runner.GetStatusAsync(target, "any-job"));

        Assert.Equal(TrainingTargetFailure.Timeout, error.Failure);
        Assert.Contains("did not finish within 1 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_ChangedHostKey_RefusedWithClearReason()
    {
        var report = await Runner.ProbeAsync(Target with { KnownHostsFile = Sshd.WrongKnownHostsFile });

        Assert.False(report.Reachable);
        Assert.Contains($"host key for 127.0.0.1:{Sshd.Port} changed", report.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ChangedHostKey_RefusedAndNothingStarted()
    {
        var jobId = NewJobId("mitm");

        var error = await Assert.ThrowsAsync<TrainingTargetException>(
            () => Runner.StartAsync(Target with { KnownHostsFile = Sshd.WrongKnownHostsFile }, Shell(jobId, "true")));

        Assert.Equal(TrainingTargetFailure.HostKeyMismatch, error.Failure);
        Assert.False(error.IsTransient);
        Assert.Contains("changed", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(JobFolder(jobId)));
    }

    [Fact]
    public async Task ProbeAsync_HostKeyNotPinned_Refused()
    {
        var empty = Path.Join(WorkRoot, "empty_known_hosts");
        await File.WriteAllTextAsync(empty, string.Empty);

        var report = await Runner.ProbeAsync(Target with { KnownHostsFile = empty });

        Assert.False(report.Reachable);
        Assert.Contains($"host key for 127.0.0.1:{Sshd.Port} is not pinned", report.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_KeyNotAuthorized_AuthenticationFailed()
    {
        var key = Path.Join(TestFolders.Create("key"), "stranger");
        using (var keygen = System.Diagnostics.Process.Start("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", key])!)
        {
            await keygen.WaitForExitAsync();
        }

        var error = await Assert.ThrowsAsync<TrainingTargetException>(() => Runner.GetStatusAsync(Target with { IdentityFile = key }, "any-job"));

        Assert.Equal(TrainingTargetFailure.AuthenticationFailed, error.Failure);
        Assert.Contains("refused the key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_RemotePythonMissing_ReachableButNotUsable()
    {
        var report = await Runner.ProbeAsync(Target with { Python = "python3-not-installed" });

        Assert.True(report.Reachable);
        Assert.Contains("'python3-not-installed' was not found", report.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStatusAsync_WrapperRemovedFromTarget_InstalledAgain()
    {
        var jobId = NewJobId("reinstall");
        await StartAsync(Shell(jobId, "true"));
        await JobWaits.FinishedAsync(Runner, Target, jobId);
        Directory.Delete(Path.Join(WorkRoot, "bin"), recursive: true);

        var status = await Runner.GetStatusAsync(Target, jobId);

        Assert.Equal(TrainingJobPhase.Succeeded, status.Phase);
        Assert.Single(Directory.GetDirectories(Path.Join(WorkRoot, "bin")));
    }

    [Fact]
    public async Task GetStatusAsync_ManyAtOnce_AllAnswered()
    {
        var jobId = NewJobId("many");
        await StartAsync(Shell(jobId, "true"));

        // More than the test sshd's 10 sessions per connection (its default) over one shared connection.
        var statuses = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => Runner.GetStatusAsync(Target, jobId)));

        Assert.All(statuses, s => Assert.Equal(jobId, s.JobId));
    }

    protected static int ClosedPort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
