// The ssh runner with SSH.NET in process (the client on Windows hosts such as App Service's
// workers): the whole runner contract and the ssh failure cases run from the base class; here
// what is particular to a connection kept in this process and to reading known_hosts ourselves.
using System.Diagnostics;
using EdgeFlows.Activities.Tests.Storage;
using EdgeFlows.Activities.Training;
using EdgeFlows.Activities.Training.Ssh;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Activities.Tests.Training;

public sealed class ManagedSshTrainingRunnerTests(ContainerFixture storage) : SshTrainingRunnerContract(storage)
{
    protected override SshClientKind Client => SshClientKind.Managed;

    private ManagedSshTransport Transport => (ManagedSshTransport)((SshTrainingRunner)Runner).Transport;

    [Fact]
    public void Runner_ManagedClientAsked_UsesIt()
    {
        Assert.True(((SshTrainingRunner)Runner).UsesManagedClient);
    }

    [Fact]
    public async Task GetStatusAsync_ManyCommands_OneKeptConnection()
    {
        var jobId = NewJobId("kept");
        await StartAsync(Shell(jobId, "true"));

        for (var i = 0; i < 5; i++)
        {
            await Runner.GetStatusAsync(Target, jobId);
        }

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Runner.GetStatusAsync(Target, jobId)));

        Assert.Equal(1, Transport.ConnectionsOpened);
    }

    [Fact]
    public async Task ProbeAsync_IdleLongerThanControlPersist_ConnectionClosedThenOpenedAgain()
    {
        using var runner = new SshTrainingRunner(Options.Create(new TrainingRunnerOptions { SshClient = SshClientKind.Managed, SshControlPersist = TimeSpan.FromSeconds(1) }));
        var transport = (ManagedSshTransport)runner.Transport;
        await runner.ProbeAsync(Target);
        await runner.ProbeAsync(Target);
        Assert.Equal(1, transport.ConnectionsOpened);

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var report = await runner.ProbeAsync(Target);

        Assert.True(report.Reachable, report.Error);
        Assert.Equal(2, transport.ConnectionsOpened);
    }

    [Fact]
    public async Task GetStatusAsync_KeptConnectionDropped_ConnectsAgainAndAnswers()
    {
        await using var forwarder = new TcpForwarder(Sshd.Port);
        var knownHosts = await PinAtPortAsync(forwarder.Port);
        var target = Target with { Port = forwarder.Port, KnownHostsFile = knownHosts };
        var jobId = NewJobId("dropped");
        await StartAsync(Shell(jobId, "true"), target: target);
        await JobWaits.FinishedAsync(Runner, target, jobId);

        forwarder.CutAll();
        var status = await Runner.GetStatusAsync(target, jobId);

        Assert.Equal(TrainingJobPhase.Succeeded, status.Phase);
        Assert.Equal(2, forwarder.Accepted);
        Assert.Equal(2, Transport.ConnectionsOpened);
    }

    [Fact]
    public async Task ProbeAsync_HashedKnownHosts_Trusted()
    {
        var hashed = Path.Join(TestFolders.Create("hashed"), "known_hosts");
        File.Copy(Sshd.KnownHostsFile, hashed);
        await RunAsync("ssh-keygen", "-H", "-f", hashed);
        Assert.StartsWith("|1|", await File.ReadAllTextAsync(hashed), StringComparison.Ordinal);

        var report = await Runner.ProbeAsync(Target with { KnownHostsFile = hashed });

        Assert.True(report.Reachable, report.Error);
    }

    [Fact]
    public async Task ProbeAsync_HostKeyRevoked_RefusedWithReason()
    {
        var revoked = Path.Join(TestFolders.Create("revoked"), "known_hosts");
        var line = (await File.ReadAllTextAsync(Sshd.KnownHostsFile)).Trim();
        await File.WriteAllTextAsync(revoked, $"{line}\n@revoked {line}\n");

        var error = await Assert.ThrowsAsync<TrainingTargetException>(() => Runner.GetStatusAsync(Target with { KnownHostsFile = revoked }, "any-job"));

        Assert.Equal(TrainingTargetFailure.HostKeyMismatch, error.Failure);
        Assert.Contains("marked @revoked", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStatusAsync_KeyWithPassphrase_AuthenticationFailedWithReason()
    {
        var key = Path.Join(TestFolders.Create("key"), "locked");
        await RunAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", "a passphrase", "-f", key);

        var error = await Assert.ThrowsAsync<TrainingTargetException>(() => Runner.GetStatusAsync(Target with { IdentityFile = key }, "any-job"));

        Assert.Equal(TrainingTargetFailure.AuthenticationFailed, error.Failure);
        Assert.Contains("protected by a passphrase", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("a passphrase\"", error.ToString(), StringComparison.Ordinal);
    }

    // The test sshd's key, pinned for another port on the same address (the forwarder's).
    private static async Task<string> PinAtPortAsync(int port)
    {
        var fields = (await File.ReadAllTextAsync(Sshd.KnownHostsFile)).Trim().Split(' ');
        var file = Path.Join(TestFolders.Create("forwarded"), "known_hosts");
        await File.WriteAllTextAsync(file, $"[{Sshd.Host}]:{port} {fields[1]} {fields[2]}\n");
        return file;
    }

    private static async Task RunAsync(string program, params string[] arguments)
    {
        using var process = Process.Start(program, arguments);
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
    }
}
