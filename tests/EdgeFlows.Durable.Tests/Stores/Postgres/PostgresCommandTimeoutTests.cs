// Every command of the PostgreSQL store is bounded by CommandTimeoutSeconds: a write stuck
// behind a lock another session holds fails instead of waiting for ever.
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Stores;
using EdgeFlows.Durable.Stores.Postgres;
using Npgsql;

namespace EdgeFlows.Durable.Tests.Stores.Postgres;

public sealed class PostgresCommandTimeoutTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task SendMessageAsync_InstanceRowLockedElsewhereBeyondTheTimeout_FailsWithATimeout()
    {
        var options = database.Options();
        options.CommandTimeoutSeconds = 1;
        await using var store = new PostgresOrchestrationStore(options);
        await store.InitializeAsync();
        await store.CreateInstanceAsync(new NewOrchestration(new ExecutionStarted(DateTime.UtcNow, "Greeter", "held", "held-exec-1", null, null, null, null)), OrchestrationIdReusePolicy.Error);
        await using var other = new NpgsqlConnection(database.ConnectionString);
        await other.OpenAsync();
        await using var holding = await other.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand($"SELECT 1 FROM \"{options.Schema}\".instances WHERE instance_id = 'held' FOR UPDATE", other, holding))
        {
            await hold.ExecuteScalarAsync();
        }

        var error = await Assert.ThrowsAnyAsync<NpgsqlException>(
            () => store.SendMessageAsync("held", new EventRaised(DateTime.UtcNow, "Go", null)).WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.True(error.InnerException is TimeoutException || error is PostgresException { SqlState: PostgresErrorCodes.QueryCanceled }, error.ToString());
    }
}
