using System.Text.Json;
using EdgeFlows.Functions.Pipeline.Configuration;
using EdgeFlows.Functions.Tests.Pipeline.EndToEnd;
using Microsoft.Extensions.Configuration;

namespace EdgeFlows.Functions.Tests.Pipeline.Planning;

/// <summary>The app's host.json and local.settings.sample.json stay valid and say what an operator must fill in.</summary>
public sealed class ShippedConfigurationTests
{
    private static readonly string AppFolder = Path.Combine(RepositoryFiles.Root, "functions", "EdgeFlows.Functions");

    [Fact]
    public void HostJson_WithTheSampleSecretsFilledIn_IsValid()
    {
        var secrets = SampleSettings().ToDictionary<KeyValuePair<string, string?>, string, string?>(
            s => s.Key,
            s => s.Key switch
            {
                _ when s.Key.EndsWith("ConnectionString", StringComparison.Ordinal) => "UseDevelopmentStorage=true",
                _ when s.Key.EndsWith("Secret", StringComparison.Ordinal) => "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                _ => "filled-in",
            });
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppFolder, "host.json")).AddInMemoryCollection(secrets).Build();
        var options = new RetrainPipelineOptions();
        configuration.GetSection(RetrainPipelineOptions.SectionName).Bind(options);

        Assert.Empty(options.Validate());
        Assert.False(options.Targets["vm1"].Enabled); // the ssh example ships disabled
        Assert.Equal(["trainer/train.py", "trainer/score.py"], options.Recipes["default"].CodeFiles);
    }

    [Fact]
    public void HostJson_WithoutTheSecrets_NamesEachMissingOne()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppFolder, "host.json")).Build();
        var options = new RetrainPipelineOptions();
        configuration.GetSection(RetrainPipelineOptions.SectionName).Bind(options);

        var errors = options.Validate();

        Assert.Contains(errors, e => e.StartsWith("EdgeFlows:Storage:ConnectionString is missing", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("EdgeFlows:Webhooks:Endpoints:ops:Secret is missing", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.StartsWith("EdgeFlows:Targets:vm1", StringComparison.Ordinal)); // disabled: its key files are not needed
    }

    [Fact]
    public void LocalSettingsSample_HoldsOnlyPlaceholders()
    {
        Assert.All(SampleSettings(), s => Assert.Contains("<", s.Value, StringComparison.Ordinal));
    }

    private static Dictionary<string, string?> SampleSettings()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppFolder, "local.settings.sample.json")));
        return sample.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name.Replace("__", ":", StringComparison.Ordinal), p => (string?)p.Value.GetString());
    }
}
