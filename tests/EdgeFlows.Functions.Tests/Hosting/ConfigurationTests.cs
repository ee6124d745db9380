using System.Net;
using EdgeFlows.Durable.Stores.Sqlite;
using EdgeFlows.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Tests.Hosting;

public sealed class ConfigurationTests
{
    [Fact]
    public async Task LocalSettings_ValuesWithColonsAndDoubleUnderscores_BecomeSettings()
    {
        var localSettings = """
            {
              "IsEncrypted": false,
              "Values": {
                "EdgeFlows:Keys:Functions:runs": "runs-key-from-local-settings",
                "EdgeFlows__Keys__Functions__models": "models-key-from-local-settings",
                "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated",
                "Some__Number": 42
              },
              "ConnectionStrings": { "Store": "Data Source=x.db" }
            }
            """;
        await using var app = await AppTestHost.StartAsync(
            settings: new Dictionary<string, string?> { ["EdgeFlows:Keys:Functions:models"] = null },
            files: new Dictionary<string, string> { ["local.settings.json"] = localSettings });

        var configuration = app.App.Services.GetRequiredService<IConfiguration>();
        using var runs = await app.GetAsync("api/runs", "runs-key-from-local-settings");

        Assert.Equal(HttpStatusCode.OK, runs.StatusCode);
        Assert.Equal("models-key-from-local-settings", configuration["EdgeFlows:Keys:Functions:models"]);
        Assert.Equal("42", configuration["Some:Number"]);
        Assert.Equal("Data Source=x.db", configuration.GetConnectionString("Store"));
    }

    [Fact]
    public async Task LocalSettings_Encrypted_StartFailsSayingSo()
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => AppTestHost.StartAsync(
            files: new Dictionary<string, string> { ["local.settings.json"] = """{"IsEncrypted": true, "Values": {}}""" }));

        Assert.Contains("local.settings.json is encrypted", Flatten(ex), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostJson_EdgeFlowsSection_SetsTheShutdownTimeout()
    {
        var hostJson = """{ "version": "2.0", "EdgeFlows": { "Host": { "ShutdownTimeout": "00:00:33" } } }""";
        await using var app = await AppTestHost.StartAsync(
            settings: new Dictionary<string, string?> { ["EdgeFlows:Host:ShutdownTimeout"] = null },
            files: new Dictionary<string, string> { ["host.json"] = hostJson });

        Assert.Equal(TimeSpan.FromSeconds(33), app.App.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    [Fact]
    public async Task LocalSettings_SameKeyAsHostJson_Wins()
    {
        var hostJson = """{ "EdgeFlows": { "Host": { "ShutdownTimeout": "00:00:33" } } }""";
        var localSettings = """{ "Values": { "EdgeFlows__Host__ShutdownTimeout": "00:00:44" } }""";
        await using var app = await AppTestHost.StartAsync(
            settings: new Dictionary<string, string?> { ["EdgeFlows:Host:ShutdownTimeout"] = null },
            files: new Dictionary<string, string> { ["host.json"] = hostJson, ["local.settings.json"] = localSettings });

        Assert.Equal(TimeSpan.FromSeconds(44), app.App.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    [Fact]
    public async Task Validation_ShutdownTimeoutNotLongerThanTheRuntimes_FailsNamingBothKeys()
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => AppTestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["EdgeFlows:Host:ShutdownTimeout"] = "00:00:05",
            ["EdgeFlows:Durable:ShutdownTimeout"] = "00:00:10",
        }));

        Assert.Contains("EdgeFlows:Host:ShutdownTimeout", ex.Message, StringComparison.Ordinal);
        Assert.Contains("EdgeFlows:Durable:ShutdownTimeout", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validation_NoHostKey_FailsNamingTheKeyPath()
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => AppTestHost.StartAsync(
            settings: new Dictionary<string, string?> { ["EdgeFlows:Keys:Host"] = null }));

        Assert.Contains("EdgeFlows:Keys:Host is required", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validation_ShortFunctionKey_FailsNamingThePathButNotTheValue()
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => AppTestHost.StartAsync(
            settings: new Dictionary<string, string?> { ["EdgeFlows:Keys:Functions:runs"] = "short-secret" }));

        Assert.Contains("EdgeFlows:Keys:Functions:runs must be at least 16", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("short-secret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validation_KeyForUnknownFunction_FailsListingKnownOnes()
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => AppTestHost.StartAsync(
            settings: new Dictionary<string, string?> { ["EdgeFlows:Keys:Functions:retrian"] = "a-long-enough-key-123" }));

        Assert.Contains("EdgeFlows:Keys:Functions:retrian names no function", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validation_BadRuntimeSetting_FailsAtStartNamingIt()
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => AppTestHost.StartAsync(
            settings: new Dictionary<string, string?> { ["EdgeFlows:Durable:MaxDeliveryCount"] = "0" }));

        Assert.Contains("EdgeFlows:Durable:MaxDeliveryCount", Flatten(ex), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SshMaxSessionsPerTarget", "0", "EdgeFlows:Runners:SshMaxSessionsPerTarget must be between 1 and 64")]
    [InlineData("SshClient", "Putty", "EdgeFlows:Runners:SshClient")]
    public async Task Validation_BadRunnerSetting_FailsAtStartNamingIt(string key, string value, string expected)
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => AppTestHost.StartAsync(settings: PipelineSettings(("EdgeFlows:Runners:" + key, value))));

        Assert.Contains(expected, Flatten(ex), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runners_ManagedSshClientConfigured_SshRunnerUsesIt()
    {
        await using var app = await AppTestHost.StartAsync(settings: PipelineSettings(("EdgeFlows:Runners:SshClient", "Managed")));

        Assert.True(app.App.Services.GetRequiredService<EdgeFlows.Activities.Training.SshTrainingRunner>().UsesManagedClient);
    }

    [Fact]
    public async Task AllowAnonymous_NoKeys_OpensEndpointsAndWarns()
    {
        await using var app = await AppTestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["EdgeFlows:Keys:Host"] = null,
            ["EdgeFlows:Keys:AllowAnonymous"] = "true",
        });

        using var response = await app.GetAsync("runtime/webhooks/durabletask/instances", key: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(app.Logs.Lines, l => l.Contains("AllowAnonymous is true", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Store_NoPathConfigured_IsUnderTheDataFolder()
    {
        await using var app = await AppTestHost.StartAsync();

        var file = app.App.Services.GetRequiredService<IOptions<SqliteStoreOptions>>().Value.DataSource;

        Assert.Equal(Path.Combine(app.Folder, "data", "edgeflows.db"), file);
        Assert.True(File.Exists(file));
    }

    [Fact]
    public async Task Store_RelativePath_IsUnderTheDataFolder()
    {
        await using var app = await AppTestHost.StartAsync(settings: new Dictionary<string, string?> { ["EdgeFlows:Store:Sqlite:Path"] = "stores/site.db" });

        var file = app.App.Services.GetRequiredService<IOptions<SqliteStoreOptions>>().Value.DataSource;

        Assert.Equal(Path.Combine(app.Folder, "data", "stores", "site.db"), file);
        Assert.True(File.Exists(file));
    }

    [Fact]
    public async Task Pipeline_RelativeStatePaths_AreUnderTheDataFolder()
    {
        await using var app = await AppTestHost.StartAsync(settings: PipelineSettings(("EdgeFlows:Image:LayoutFolder", "layouts/models")));

        var pipeline = app.App.Services.GetRequiredService<IOptions<EdgeFlows.Functions.Pipeline.Configuration.RetrainPipelineOptions>>().Value;

        var data = Path.Combine(app.Folder, "data");
        Assert.Equal(Path.Combine(data, "jobs"), pipeline.Targets["local"].WorkRoot);
        Assert.Equal(Path.Combine(data, "layouts", "models"), pipeline.Image.LayoutFolder);
        Assert.Equal("edgeflows/jobs", pipeline.Targets["vm1"].WorkRoot); // a path on the VM, relative to the login's home
    }

    [Fact]
    public async Task Pipeline_AbsoluteStatePaths_AreKept()
    {
        var elsewhere = Path.Combine(Path.GetTempPath(), "edgeflows-elsewhere");
        await using var app = await AppTestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["EdgeFlows:Targets:local:Kind"] = "local",
            ["EdgeFlows:Targets:local:WorkRoot"] = Path.Combine(elsewhere, "jobs"),
            ["EdgeFlows:Recipes:default:Command:0"] = "python3",
            ["EdgeFlows:Recipes:default:MaxDuration"] = "00:30:00",
            ["EdgeFlows:Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["EdgeFlows:Image:LayoutFolder"] = Path.Combine(elsewhere, "images"),
        });

        var pipeline = app.App.Services.GetRequiredService<IOptions<EdgeFlows.Functions.Pipeline.Configuration.RetrainPipelineOptions>>().Value;

        Assert.Equal((Path.Combine(elsewhere, "jobs"), Path.Combine(elsewhere, "images")), (pipeline.Targets["local"].WorkRoot, pipeline.Image.LayoutFolder));
    }

    // A pipeline with a local target and a disabled ssh one, plus the given settings.
    private static Dictionary<string, string?> PipelineSettings(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["EdgeFlows:Targets:local:Kind"] = "local",
            ["EdgeFlows:Targets:local:WorkRoot"] = "jobs",
            ["EdgeFlows:Targets:vm1:Kind"] = "ssh",
            ["EdgeFlows:Targets:vm1:Enabled"] = "false",
            ["EdgeFlows:Targets:vm1:Host"] = "10.0.0.4",
            ["EdgeFlows:Targets:vm1:User"] = "edgeflows",
            ["EdgeFlows:Targets:vm1:WorkRoot"] = "edgeflows/jobs",
            ["EdgeFlows:Recipes:default:Command:0"] = "python3",
            ["EdgeFlows:Recipes:default:Command:1"] = "{code}/train.py",
            ["EdgeFlows:Recipes:default:MaxDuration"] = "00:30:00",
            ["EdgeFlows:Storage:ConnectionString"] = "UseDevelopmentStorage=true",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static string Flatten(Exception ex) => ex.ToString();
}
