using EdgeFlows.Activities.Training;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeFlows.Activities.Tests.Training;

/// <summary>The public types: validation messages, no secrets in ToString, resolving runners by kind.</summary>
public class TrainingModelTests
{
    private static readonly Uri Sas = new("http://127.0.0.1:10000/devstoreaccount1/data/a.csv?sv=2019-07-07&sr=b&sp=r&sig=c2VjcmV0c2lnbmF0dXJl%3D");

    [Fact]
    public void ToString_SpecAndFile_LeaveOutTheSignature()
    {
        var spec = new TrainingJobSpec { JobId = "j1", Command = ["true"], Inputs = [new("a.csv", Sas)], Outputs = [new("m.json", Sas)] };

        Assert.DoesNotContain("c2VjcmV0", spec.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0", spec.Inputs[0].ToString(), StringComparison.Ordinal);
        Assert.Contains("a.csv", spec.Inputs[0].ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "Command is required")]
    [InlineData("relative", "MaxDuration must be positive")]
    public void Validate_BadSpec_NamesTheProperty(string command, string expected)
    {
        var spec = new TrainingJobSpec
        {
            JobId = "j1",
            Command = command.Length == 0 ? [] : [command],
            MaxDuration = command.Length == 0 ? TimeSpan.FromHours(1) : TimeSpan.Zero,
        };

        var error = Assert.Throws<ArgumentException>(spec.Validate);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DuplicateOutputNames_Rejected()
    {
        var spec = new TrainingJobSpec { JobId = "j1", Command = ["true"], Outputs = [new("m.json", Sas), new("m.json", Sas)] };

        var error = Assert.Throws<ArgumentException>(spec.Validate);

        Assert.Contains("Outputs name 'm.json' appears twice", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ssh", null, "Host must be a host name")]
    [InlineData("ssh", "-oProxyCommand=evil", "Host must be a host name")]
    [InlineData("winrm", "vm", "Kind must be 'local' or 'ssh'")]
    public void Validate_BadTarget_NamesTheProperty(string kind, string? host, string expected)
    {
        var target = new TrainingTarget { Name = "vm1", Kind = kind, WorkRoot = "jobs", Host = host, User = "u", IdentityFile = "/k", KnownHostsFile = "/kh" };

        var error = Assert.Throws<ArgumentException>(target.Validate);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("Training target 'vm1'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SshWithoutKnownHosts_RefusedAsUnpinned()
    {
        var target = new TrainingTarget { Name = "vm1", Kind = "ssh", WorkRoot = "jobs", Host = "vm", User = "u", IdentityFile = "/k" };

        var error = Assert.Throws<ArgumentException>(target.Validate);

        Assert.Contains("KnownHostsFile is required: the target's host key must be pinned", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_ByKind_ReturnsTheRegisteredRunner()
    {
        using var services = new ServiceCollection().AddLogging().AddTrainingRunners().BuildServiceProvider();
        var resolver = services.GetRequiredService<TrainingRunnerResolver>();

        Assert.IsType<LocalTrainingRunner>(resolver.Resolve(new TrainingTarget { Name = "here", Kind = "local" }));
        Assert.IsType<SshTrainingRunner>(resolver.Resolve(new TrainingTarget { Name = "vm", Kind = "SSH" }));
        Assert.Contains("no runner handles", Assert.Throws<ArgumentException>(() => resolver.Resolve(new TrainingTarget { Name = "x", Kind = "slurm" })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_FromConfiguration_ReadsEveryProperty()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Target:Name"] = "vm1",
            ["Target:Kind"] = "ssh",
            ["Target:WorkRoot"] = "~/edgeflows",
            ["Target:Host"] = "10.0.0.5",
            ["Target:Port"] = "2222",
            ["Target:User"] = "trainer",
            ["Target:IdentityFile"] = "/keys/id",
            ["Target:KnownHostsFile"] = "/keys/known_hosts",
            ["Target:ConnectTimeout"] = "00:00:05",
            ["Target:CommandTimeout"] = "00:02:00",
        }).Build();

        var target = ConfigurationBinder.Get<TrainingTarget>(configuration.GetSection("Target"))!;

        Assert.Equal(
            new TrainingTarget
            {
                Name = "vm1", Kind = "ssh", WorkRoot = "~/edgeflows", Host = "10.0.0.5", Port = 2222, User = "trainer",
                IdentityFile = "/keys/id", KnownHostsFile = "/keys/known_hosts",
                ConnectTimeout = TimeSpan.FromSeconds(5), CommandTimeout = TimeSpan.FromMinutes(2),
            },
            target);
    }

    [Fact]
    public void Status_Json_RoundTripsWithPhaseAsText()
    {
        var status = new TrainingJobStatus("j1", TrainingJobPhase.Running, Elapsed: TimeSpan.FromSeconds(3), LastLogLines: ["a"]) { Target = "vm1" };

        var json = System.Text.Json.JsonSerializer.Serialize(status, EdgeFlows.Durable.Serialization.DataConverter.PayloadOptions);
        var back = System.Text.Json.JsonSerializer.Deserialize<TrainingJobStatus>(json, EdgeFlows.Durable.Serialization.DataConverter.PayloadOptions)!;

        Assert.Contains("\"phase\":\"Running\"", json, StringComparison.Ordinal);
        Assert.Equal(status.Phase, back.Phase);
        Assert.Equal(status.Elapsed, back.Elapsed);
        Assert.Equal("vm1", back.Target);
        Assert.Equal(["a"], back.LastLogLines);
    }
}
