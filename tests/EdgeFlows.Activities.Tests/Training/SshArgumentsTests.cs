using EdgeFlows.Activities.Training;
using EdgeFlows.Activities.Training.Ssh;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeFlows.Activities.Tests.Training;

/// <summary>The OpenSSH client's command line: key auth only, pinned host key, no shell string.</summary>
public sealed class SshArgumentsTests : IDisposable
{
    private readonly SshTransport _transport = new(new TrainingRunnerOptions(), NullLogger.Instance);

    private static TrainingTarget Vm => new()
    {
        Name = "vm1", Kind = "ssh", WorkRoot = "~/jobs", Host = "vm1.local", Port = 2222, User = "trainer",
        IdentityFile = "/keys/id 1", KnownHostsFile = "/keys/known_hosts%x", ConnectTimeout = TimeSpan.FromSeconds(2.5),
    };

    [Fact]
    public void Arguments_Always_PinHostKeyAndAllowKeysOnly()
    {
        var arguments = _transport.Arguments(Vm, "exec 'true'");

        Assert.Contains("BatchMode=yes", arguments);
        Assert.Contains("IdentitiesOnly=yes", arguments);
        Assert.Contains("PasswordAuthentication=no", arguments);
        Assert.Contains("KbdInteractiveAuthentication=no", arguments);
        Assert.Contains("StrictHostKeyChecking=yes", arguments);
        Assert.Contains("UserKnownHostsFile=\"/keys/known_hosts%%x\"", arguments);
        Assert.Contains("IdentityFile=\"/keys/id 1\"", arguments);
        Assert.Contains("GlobalKnownHostsFile=/dev/null", arguments);
        Assert.Contains("ConnectTimeout=3", arguments);
        Assert.Contains("ControlMaster=auto", arguments);
    }

    [Fact]
    public void Arguments_Always_EndWithSeparatorHostAndOneRemoteCommand()
    {
        var arguments = _transport.Arguments(Vm, "exec 'a b'");

        Assert.Equal(["--", "vm1.local", "exec 'a b'"], arguments[^3..]);
    }

    [Fact]
    public void Arguments_ControlPath_ShortEnoughForASocket()
    {
        var controlPath = _transport.Arguments(Vm, "true").Single(a => a.StartsWith("ControlPath=", StringComparison.Ordinal));

        Assert.InRange(controlPath.Length - "ControlPath=\"\"".Length, 1, 80);
    }

    [Fact]
    public void Arguments_TargetsDifferingInKnownHosts_DoNotShareAConnection()
    {
        var first = _transport.Arguments(Vm, "true").Single(a => a.StartsWith("ControlPath=", StringComparison.Ordinal));
        var second = _transport.Arguments(Vm with { KnownHostsFile = "/other" }, "true").Single(a => a.StartsWith("ControlPath=", StringComparison.Ordinal));

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void ResolveWorkRoot_TildePath_RelativeToHome() =>
        Assert.Equal("jobs", _transport.ResolveWorkRoot(Vm));

    public void Dispose() => _transport.Dispose();
}
