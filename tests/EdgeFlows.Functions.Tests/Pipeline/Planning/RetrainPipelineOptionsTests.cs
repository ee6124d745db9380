using EdgeFlows.Functions.Pipeline.Configuration;
using Microsoft.Extensions.Configuration;

namespace EdgeFlows.Functions.Tests.Pipeline.Planning;

public sealed class RetrainPipelineOptionsTests
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["EdgeFlows:Targets:local:Kind"] = "local",
        ["EdgeFlows:Targets:local:WorkRoot"] = "/tmp/jobs",
        ["EdgeFlows:Recipes:default:Command:0"] = "python3",
        ["EdgeFlows:Recipes:default:Command:1"] = "{code}/train.py",
        ["EdgeFlows:Recipes:default:Command:2"] = "{inputs}",
        ["EdgeFlows:Recipes:default:MaxDuration"] = "00:30:00",
        ["EdgeFlows:Storage:ConnectionString"] = "UseDevelopmentStorage=true",
        ["EdgeFlows:Webhooks:Endpoints:ops:Url"] = "http://127.0.0.1:9000/events",
        ["EdgeFlows:Webhooks:Endpoints:ops:Secret"] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        ["EdgeFlows:Retrain:Wait:FirstPollInterval"] = "00:00:02",
        ["EdgeFlows:Retrain:Retry:StartTraining:MaxAttempts"] = "7",
    };

    [Fact]
    public void Validate_ValidSettings_HasNoErrors()
    {
        var options = Bind(Valid);

        Assert.Empty(options.Validate());
        Assert.Equal(7, options.Retrain.Retry.StartTraining.MaxAttempts);
        Assert.Equal(5, options.Retrain.Retry.RegisterModel.MaxAttempts); // a default kept beside a configured sibling
        Assert.Equal(TimeSpan.FromSeconds(2), options.Retrain.Wait.FirstPollInterval);
    }

    [Theory]
    [InlineData("EdgeFlows:Targets:vm1:Kind", "ssh", "EdgeFlows:Targets:vm1:Host is required for an ssh target")]
    [InlineData("EdgeFlows:Targets:local:Kind", "kubernetes", "EdgeFlows:Targets:local:Kind must be 'local' or 'ssh'.")]
    [InlineData("EdgeFlows:Recipes:default:Command:3", "{data}", "EdgeFlows:Recipes:default:Command:3 holds the unknown placeholder {data}")]
    [InlineData("EdgeFlows:Recipes:default:CodeFiles:0", "/no/such/train.py", "EdgeFlows:Recipes:default:CodeFiles:0 names no file")]
    [InlineData("EdgeFlows:Recipes:default:Outputs:0", "model.json", "EdgeFlows:Recipes:default:MetricsFile 'metrics.json' must be one of the Outputs.")]
    [InlineData("EdgeFlows:Retrain:DefaultRecipe", "gpu", "EdgeFlows:Retrain:DefaultRecipe names no configured recipe ('gpu')")]
    [InlineData("EdgeFlows:Retrain:Retry:CheckCompute:BackoffCoefficient", "0.5", "EdgeFlows:Retrain:Retry:CheckCompute:BackoffCoefficient must be between 1 and 100.")]
    [InlineData("EdgeFlows:Retrain:Wait:MaxPollInterval", "00:00:01", "EdgeFlows:Retrain:Wait:MaxPollInterval must be at least FirstPollInterval")]
    [InlineData("EdgeFlows:Webhooks:Endpoints:ops:Secret", "", "EdgeFlows:Webhooks:Endpoints:ops:Secret is missing")]
    [InlineData("EdgeFlows:Webhooks:Endpoints:ops:EventTypes:0", "started", "EdgeFlows:Webhooks:Endpoints:ops:EventTypes:0 must be one of succeeded, rejected, failed.")]
    [InlineData("EdgeFlows:Webhooks:Endpoints:ops:Secret", "letmein", "EdgeFlows:Webhooks:Endpoints:ops:Secret is not valid: Webhook endpoint 'Webhooks:Endpoints:ops' must be a Standard Webhooks secret")]
    [InlineData("EdgeFlows:Webhooks:Endpoints:ops:PreviousSecret", "oldpassword", "EdgeFlows:Webhooks:Endpoints:ops:PreviousSecret is not valid: Webhook endpoint 'Webhooks:Endpoints:ops' must be a Standard Webhooks secret")]
    [InlineData("EdgeFlows:Storage:ConnectionString", "BlobEndpoint=http://127.0.0.1:1/a;SharedAccessSignature=sv=1&sig=planted", "EdgeFlows:Storage:ConnectionString must hold an AccountKey")]
    [InlineData("EdgeFlows:Datasets:iris:Recipe", "gpu", "EdgeFlows:Datasets:iris:Recipe names no configured recipe ('gpu').")]
    [InlineData("EdgeFlows:Datasets:iris:ModelName", "Iris Model", "EdgeFlows:Datasets:iris:ModelName must be 1 to 64 lowercase letters")]
    [InlineData("EdgeFlows:Image:Auth", "Basic", "EdgeFlows:Image:Password and Username are both required for Basic authentication")]
    [InlineData("EdgeFlows:Gate:Direction", "Sideways", null)]
    public void Validate_BadValue_NamesTheKeyAndTheProblem(string key, string value, string? expected)
    {
        var settings = new Dictionary<string, string?>(Valid) { [key] = value };

        if (expected is null)
        {
            // An enum value the binder cannot read fails at binding, naming the key.
            var error = Assert.Throws<InvalidOperationException>(() => Bind(settings));
            Assert.Contains("EdgeFlows:Gate:Direction", error.Message, StringComparison.Ordinal);
            return;
        }

        var errors = Bind(settings).Validate();

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false, null, false)]
    [InlineData(false, "/keys/not/on/this/host", false)]
    [InlineData(false, "   ", true)]
    [InlineData(true, null, true)]
    [InlineData(true, "/keys/not/on/this/host", true)]
    public void Validate_SshTargetKeyFiles_RequiredAndCheckedOnlyWhenEnabled(bool enabled, string? path, bool error)
    {
        var settings = new Dictionary<string, string?>(Valid)
        {
            ["EdgeFlows:Targets:vm1:Kind"] = "ssh",
            ["EdgeFlows:Targets:vm1:Enabled"] = enabled ? "true" : "false",
            ["EdgeFlows:Targets:vm1:WorkRoot"] = "/var/lib/edgeflows",
            ["EdgeFlows:Targets:vm1:Host"] = "10.0.0.4",
            ["EdgeFlows:Targets:vm1:User"] = "edgeflows",
            ["EdgeFlows:Targets:vm1:IdentityFile"] = path,
            ["EdgeFlows:Targets:vm1:KnownHostsFile"] = path,
        };

        var errors = Bind(settings).Validate();

        Assert.Equal(error, errors.Any(e => e.StartsWith("EdgeFlows:Targets:vm1:IdentityFile must name an existing private key file", StringComparison.Ordinal)));
        Assert.Equal(error, errors.Any(e => e.StartsWith("EdgeFlows:Targets:vm1:KnownHostsFile must name an existing known_hosts file", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(true, true, true)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    public void Validate_LocalTargetOnWindows_RefusedUnlessTurnedOff(bool windowsHost, bool enabled, bool error)
    {
        var settings = new Dictionary<string, string?>(Valid) { ["EdgeFlows:Targets:local:Enabled"] = enabled ? "true" : "false" };

        var errors = Bind(settings).Validate(windowsHost);

        var refusal = errors.Where(e => e.StartsWith("EdgeFlows:Targets:local:Kind 'local' needs", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            error
                ? ["EdgeFlows:Targets:local:Kind 'local' needs a Linux or macOS host (its job wrapper runs jobs as POSIX process groups); " +
                    "on Windows, such as App Service's workers, train on a VM with an 'ssh' target and turn this one off (EdgeFlows:Targets:local:Enabled = false)."]
                : [],
            refusal);
    }

    [Fact]
    public void Validate_NoStorageAndNoTargets_ReportsBoth()
    {
        var errors = Bind([]).Validate();

        Assert.Contains(errors, e => e.StartsWith("EdgeFlows:Targets is empty", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("EdgeFlows:Storage:ConnectionString is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ErrorAboutAConnectionString_NeverEchoesIt()
    {
        var settings = new Dictionary<string, string?>(Valid) { ["EdgeFlows:Storage:ConnectionString"] = "AccountName=UPPER;AccountKey=cGxhbnRlZC1rZXk=" };

        var errors = Bind(settings).Validate();

        Assert.Contains(errors, e => e.StartsWith("EdgeFlows:Storage:ConnectionString is not valid", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("cGxhbnRlZC1rZXk=", StringComparison.Ordinal));
    }

    internal static RetrainPipelineOptions Bind(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = new RetrainPipelineOptions();
        configuration.GetSection(RetrainPipelineOptions.SectionName).Bind(options);
        return options;
    }
}
