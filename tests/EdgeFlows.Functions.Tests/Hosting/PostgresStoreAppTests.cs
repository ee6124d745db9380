// The app on the PostgreSQL store (EdgeFlows:Store:Provider = Postgres): it runs orchestrations
// through the HTTP API, /readyz checks the store, the settings are validated at start with
// their keys, and the password appears in no log line. A database of its own per test class.
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EdgeFlows.Activities.Models;
using EdgeFlows.Durable.Stores;
using EdgeFlows.Durable.Stores.Postgres;
using EdgeFlows.Functions.Tests.Http;
using EdgeFlows.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EdgeFlows.Functions.Tests.Hosting;

public sealed class PostgresStoreAppTests : IAsyncLifetime
{
    private PostgresDatabase? _database;

    private PostgresDatabase Database => _database!;

    public async Task InitializeAsync() => _database = await Postgres.CreateDatabaseAsync("app");

    public async Task DisposeAsync() => await Database.DisposeAsync();

    [Fact]
    public async Task StartThroughHttpApi_ProviderPostgres_CompletesInTheDatabase()
    {
        await using var app = await AppTestHost.StartAsync(TestOrchestrations.Register, PostgresSettings());

        using var start = await app.PostJsonAsync("runtime/webhooks/durabletask/orchestrators/Hello", "Lusaka");
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var status = await PollUntilDoneAsync(app, $"runtime/webhooks/durabletask/instances/{id}");

        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal("Hello Lusaka!", status.GetProperty("output").GetString());
        Assert.IsType<PostgresOrchestrationStore>(app.App.Services.GetRequiredService<IOrchestrationStore>());
        Assert.Equal("Completed", await Postgres.ExecuteAsync(Database.ConnectionString, $"SELECT status FROM edgeflows.instances WHERE instance_id = '{id}'"));
    }

    [Fact]
    public async Task Readyz_ProviderPostgres_ReportsTheStoreHealthy()
    {
        await using var app = await AppTestHost.StartAsync(TestOrchestrations.Register, PostgresSettings());

        using var response = await app.GetAsync("readyz", key: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var store = body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "store");
        Assert.Equal("Healthy", store.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Start_ProviderPostgres_LogsTheStoreWithoutThePassword()
    {
        await using var app = await AppTestHost.StartAsync(TestOrchestrations.Register, PostgresSettings());
        using var start = await app.PostJsonAsync("runtime/webhooks/durabletask/orchestrators/Hello", "Accra");
        var id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await PollUntilDoneAsync(app, $"runtime/webhooks/durabletask/instances/{id}");

        Assert.Contains(app.Logs.Lines, l => l.Contains("store PostgreSQL at", StringComparison.Ordinal) && l.Contains($"database '{Database.Name}'", StringComparison.Ordinal));
        Assert.All(app.Logs.Lines, l => Assert.DoesNotContain(Postgres.Password, l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_ProviderPostgresWithoutConnectionString_FailsNamingTheKey()
    {
        var settings = PostgresSettings();
        settings["EdgeFlows:Store:Postgres:ConnectionString"] = null;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => AppTestHost.StartAsync(TestOrchestrations.Register, settings));

        Assert.Contains("EdgeFlows:Store:Postgres:ConnectionString is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ProviderPostgresWithBadSchema_FailsNamingTheKey()
    {
        var settings = PostgresSettings();
        settings["EdgeFlows:Store:Postgres:Schema"] = "Edge-Flows";

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => AppTestHost.StartAsync(TestOrchestrations.Register, settings));

        Assert.Contains("EdgeFlows:Store:Postgres:Schema 'Edge-Flows'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Postgres.Password, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_UnknownProvider_FailsNamingTheKey()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => AppTestHost.StartAsync(
            TestOrchestrations.Register,
            new Dictionary<string, string?> { ["EdgeFlows:Store:Provider"] = "Oracle" }));

        Assert.Contains("EdgeFlows:Store:Provider must be Sqlite or Postgres, not 'Oracle'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Models_ProviderPostgres_ComeFromTheDatabaseEveryHostShares()
    {
        // Another host of the site registered and promoted a version in the shared database.
        await using (var otherHost = new PostgresModelRegistry(new PostgresModelRegistryOptions { ConnectionString = Database.ConnectionString }))
        {
            var version = await otherHost.RegisterAsync(new ModelRegistration
            {
                Name = "churn",
                RunId = "run-on-host-b",
                ArtifactUri = "https://storage/models/churn/run-on-host-b/",
                Metrics = new Dictionary<string, double> { ["accuracy"] = 0.93 },
                Lineage = new ModelLineage { Dataset = "sales", DataFingerprint = "sha256:feed" },
            });
            await otherHost.SetStageAsync("churn", version.Version, ModelStage.Promoted, "promoted on host b");
        }

        await using var app = await AppTestHost.StartAsync(TestOrchestrations.Register, PostgresSettings());
        using var response = await app.GetAsync("api/models/churn/versions/1", AppTestHost.ModelsKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("run-on-host-b", "promoted"), (body.GetProperty("runId").GetString(), body.GetProperty("stage").GetString()?.ToLowerInvariant()));
        Assert.IsType<PostgresModelRegistry>(app.App.Services.GetRequiredService<IModelRegistry>());
    }

    [Fact]
    public async Task Start_RoleThatMayOnlyReadAndWriteRows_RunsOnTheSchemaItsOwnerSetUp()
    {
        var role = $"rows_{Guid.NewGuid():N}";
        var password = Guid.NewGuid().ToString("N");
        var asRole = new NpgsqlConnectionStringBuilder(Database.ConnectionString) { Username = role, Password = password }.ConnectionString;
        await Postgres.ExecuteAsync(Database.ConnectionString, $"CREATE ROLE \"{role}\" LOGIN PASSWORD '{password}'");
        try
        {
            // Before the owner has set the schema up, such a role cannot, and the start says why.
            var refused = await Assert.ThrowsAnyAsync<Exception>(() => AppTestHost.StartAsync(TestOrchestrations.Register, PostgresSettings(asRole)));
            Assert.Contains("permission denied", refused.ToString(), StringComparison.Ordinal);

            // The owner starts the app once (the store's tables), the registry's tables come with its first use.
            await using (var owner = await AppTestHost.StartAsync(TestOrchestrations.Register, PostgresSettings()))
            {
                using var models = await owner.GetAsync("api/models", AppTestHost.ModelsKey);
                Assert.Equal(HttpStatusCode.OK, models.StatusCode);
            }

            await Postgres.ExecuteAsync(Database.ConnectionString, $"""
                GRANT USAGE ON SCHEMA edgeflows TO "{role}";
                GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA edgeflows TO "{role}";
                GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA edgeflows TO "{role}";
                """);
            await using var app = await AppTestHost.StartAsync(TestOrchestrations.Register, PostgresSettings(asRole));
            using var start = await app.PostJsonAsync("runtime/webhooks/durabletask/orchestrators/Hello", "Maputo");
            var id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            var status = await PollUntilDoneAsync(app, $"runtime/webhooks/durabletask/instances/{id}");
            await using (var registry = new PostgresModelRegistry(new PostgresModelRegistryOptions { ConnectionString = asRole }))
            {
                await registry.RegisterAsync(new ModelRegistration
                {
                    Name = "churn",
                    RunId = "run-as-row-role",
                    ArtifactUri = "https://storage/models/churn/run-as-row-role/",
                    Metrics = new Dictionary<string, double> { ["accuracy"] = 0.9 },
                    Lineage = new ModelLineage { Dataset = "sales", DataFingerprint = "sha256:feed" },
                });
            }

            using var version = await app.GetAsync("api/models/churn/versions/1", AppTestHost.ModelsKey);

            Assert.Equal("Hello Maputo!", status.GetProperty("output").GetString());
            Assert.Equal(HttpStatusCode.OK, version.StatusCode);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await Postgres.ExecuteAsync(
                Database.ConnectionString,
                $"SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = '{role}'; DROP OWNED BY \"{role}\"; DROP ROLE IF EXISTS \"{role}\"");
        }
    }

    private Dictionary<string, string?> PostgresSettings(string? connectionString = null) => new()
    {
        ["EdgeFlows:Store:Provider"] = "Postgres",
        ["EdgeFlows:Store:Postgres:ConnectionString"] = connectionString ?? Database.ConnectionString,
    };

    private static async Task<JsonElement> PollUntilDoneAsync(AppTestHost app, string statusPath)
    {
        var deadline = DateTime.UtcNow + Eventually.DefaultTimeout;
        while (true)
        {
            using var response = await app.GetAsync(statusPath);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return await response.Content.ReadFromJsonAsync<JsonElement>();
            }

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.True(DateTime.UtcNow < deadline, $"{statusPath} did not finish in time.");
            await Task.Delay(50);
        }
    }
}
