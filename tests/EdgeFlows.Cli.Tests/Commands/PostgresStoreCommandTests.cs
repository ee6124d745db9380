// The CLI straight on the app's PostgreSQL store (--postgres): each kind of command once
// against a real server, the schema and environment variable choices, and the ways it refuses.
using EdgeFlows.Cli.Tests.Infrastructure;
using EdgeFlows.Tests.Shared;

namespace EdgeFlows.Cli.Tests.Commands;

public sealed class PostgresStoreCommandTests(PostgresStoreFixture store) : IClassFixture<PostgresStoreFixture>
{
    [Fact]
    public async Task StartThenStatus_Postgres_RunCompletesInTheDatabase()
    {
        var dataset = StoreFixture.NewDataset("pg");

        var started = await store.RunAsync("start", dataset, "--json");
        Assert.True(started.ExitCode == 0, started.ToString());
        var id = started.Json()["instanceId"]!.GetValue<string>();
        await store.Host.WaitForCompletionAsync(id);
        var status = await store.RunAsync("status", id, "--json");

        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Equal("Completed", status.Json()["runtimeStatus"]!.GetValue<string>());
        Assert.Equal("Completed", await Postgres.ExecuteAsync(store.Database.ConnectionString, $"SELECT status FROM {PostgresStoreFixture.Schema}.instances WHERE instance_id = '{id}'"));
    }

    [Fact]
    public async Task ListAndModels_Postgres_ShowTheRunAndItsModel()
    {
        var dataset = StoreFixture.NewDataset("pgl");
        var started = await store.RunAsync("start", dataset, "--json");
        var id = started.Json()["instanceId"]!.GetValue<string>();
        await store.Host.WaitForCompletionAsync(id);

        var runs = (await store.RunAsync("list", "--dataset", dataset, "--json")).Json()["items"]!.AsArray();
        var models = (await store.RunAsync("models", "list", "--name", $"{dataset}-model", "--json")).Json()["items"]!.AsArray();
        var shown = await store.RunAsync("models", "show", $"{dataset}-model", "1");

        Assert.Equal(id, Assert.Single(runs)!["id"]!.GetValue<string>());
        Assert.Equal("Promoted", Assert.Single(models)!["stage"]!.GetValue<string>());
        Assert.True(shown.ExitCode == 0, shown.ToString());
        Assert.Contains(dataset, shown.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TerminateAndPurge_Postgres_ChangeTheStore()
    {
        var started = await store.RunAsync("start", StoreFixture.NewDataset("pgt"), "--json");
        var id = started.Json()["instanceId"]!.GetValue<string>();
        var terminated = await store.RunAsync("terminate", id, "--reason", "test");
        await store.Host.WaitForCompletionAsync(id);

        var purged = await store.RunAsync("purge", id);
        var after = await store.RunAsync("status", id);

        Assert.True(terminated.ExitCode == 0, terminated.ToString());
        Assert.True(purged.ExitCode == 0, purged.ToString());
        Assert.Equal(3, after.ExitCode); // not found
    }

    [Fact]
    public async Task List_ConnectionFromEnvironment_UsesItAndTheSchemaVariable()
    {
        var environment = new Dictionary<string, string>
        {
            ["EDGEFLOWS_POSTGRES"] = store.Database.ConnectionString,
            ["EDGEFLOWS_POSTGRES_SCHEMA"] = PostgresStoreFixture.Schema,
        };

        var result = await CliRun.RunAsync(["list", "--json"], environment);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.NotNull(result.Json()["items"]);
    }

    [Fact]
    public async Task List_SchemaWithoutStore_UnavailableAndNothingCreated()
    {
        var result = await CliRun.RunAsync(["list", "--postgres", store.Database.ConnectionString, "--postgres-schema", "not_there"]);

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("No EdgeFlows store at PostgreSQL", result.Error, StringComparison.Ordinal);
        Assert.Contains("schema 'not_there'", result.Error, StringComparison.Ordinal);
        Assert.Equal(false, await Postgres.ExecuteAsync(store.Database.ConnectionString, "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'not_there')"));
    }

    [Fact]
    public async Task List_WrongPassword_UnavailableWithoutThePassword()
    {
        var wrong = new Npgsql.NpgsqlConnectionStringBuilder(store.Database.ConnectionString) { Password = "not-the-password-4711" }.ConnectionString;

        var result = await CliRun.RunAsync(["list", "--postgres", wrong, "--postgres-schema", PostgresStoreFixture.Schema]);

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("cannot be used", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password-4711", result.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--store", "some.db")]
    [InlineData("--url", "http://127.0.0.1:1")]
    public async Task List_PostgresWithAnotherPlace_UsageError(string option, string value)
    {
        var result = await CliRun.RunAsync(["list", "--postgres", store.Database.ConnectionString, option, value]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not several", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_BadSchemaName_UsageErrorNamingTheOption()
    {
        var result = await CliRun.RunAsync(["list", "--postgres", store.Database.ConnectionString, "--postgres-schema", "Bad-Name"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--postgres-schema 'Bad-Name' must be", result.Error, StringComparison.Ordinal);
    }
}
