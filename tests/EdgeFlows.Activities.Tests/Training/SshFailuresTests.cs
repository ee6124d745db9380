using EdgeFlows.Activities.Training;
using EdgeFlows.Activities.Training.Ssh;

namespace EdgeFlows.Activities.Tests.Training;

/// <summary>What the OpenSSH client prints when it gives up, mapped to failures (the real cases run in SshTrainingRunnerTests).</summary>
public class SshFailuresTests
{
    private static readonly TrainingTarget Vm = new()
    {
        Name = "vm1", Kind = "ssh", WorkRoot = "jobs", Host = "10.0.0.5", Port = 2222, User = "trainer",
        IdentityFile = "/keys/id", KnownHostsFile = "/keys/known_hosts", ConnectTimeout = TimeSpan.FromSeconds(2.5),
    };

    [Theory]
    [InlineData("ssh: connect to host 10.0.0.5 port 2222: Connection refused", TrainingTargetFailure.Unreachable, "connection to 10.0.0.5:2222 refused")]
    [InlineData("ssh: connect to host 10.0.0.5 port 2222: Connection timed out", TrainingTargetFailure.Unreachable, "timed out after 3 s")]
    [InlineData("Connection timed out during banner exchange", TrainingTargetFailure.Unreachable, "timed out after 3 s")]
    [InlineData("ssh: Could not resolve hostname vm1: Name or service not known", TrainingTargetFailure.Unreachable, "could not be resolved")]
    [InlineData("ssh: connect to host 10.0.0.5 port 2222: No route to host", TrainingTargetFailure.Unreachable, "is unreachable")]
    [InlineData("trainer@10.0.0.5: Permission denied (publickey).", TrainingTargetFailure.AuthenticationFailed, "refused the key /keys/id")]
    [InlineData("No ED25519 host key is known for [10.0.0.5]:2222 and you have requested strict checking.\nHost key verification failed.", TrainingTargetFailure.HostKeyMismatch, "is not pinned in /keys/known_hosts")]
    [InlineData("kex_exchange_identification: read: Connection reset by peer", TrainingTargetFailure.Unreachable, "ssh to 10.0.0.5:2222 failed: kex_exchange_identification")]
    public void Classify_ClientMessage_FailureAndReason(string stderr, TrainingTargetFailure failure, string reason)
    {
        var error = SshFailures.Classify(Vm, stderr);

        Assert.Equal(failure, error.Failure);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("Training target 'vm1': ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_ChangedHostKeyBanner_SaysTheKeyChanged()
    {
        const string stderr = """
            @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
            @    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @
            @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
            IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!
            Host key for [10.0.0.5]:2222 has changed and you have requested strict checking.
            Host key verification failed.
            """;

        var error = SshFailures.Classify(Vm, stderr);

        Assert.Equal(TrainingTargetFailure.HostKeyMismatch, error.Failure);
        Assert.Contains("host key for 10.0.0.5:2222 changed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_UnknownMessageWithSignature_Redacted()
    {
        var error = SshFailures.Classify(Vm, "something odd about https://a/b?sv=2019-07-07&sig=c2VjcmV0%3D&se=x");

        Assert.DoesNotContain("c2VjcmV0", error.Message, StringComparison.Ordinal);
        Assert.Contains("sig=REDACTED", error.Message, StringComparison.Ordinal);
    }
}
