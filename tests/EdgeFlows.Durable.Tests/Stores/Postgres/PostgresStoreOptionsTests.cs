// The PostgreSQL store's settings are checked before anything connects, each error naming its
// key, and the password never appears in an error the store produces.
using EdgeFlows.Durable.Hosting;
using EdgeFlows.Durable.Stores.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using TestPostgres = EdgeFlows.Tests.Shared.Postgres;

namespace EdgeFlows.Durable.Tests.Stores.Postgres;

public sealed class PostgresStoreOptionsTests
{
    [Fact]
    public void Validate_NoConnectionString_NamesTheKey()
    {
        var errors = new PostgresStoreOptions().Validate();

        Assert.Contains(errors, e => e.StartsWith("EdgeFlows:Durable:Postgres:ConnectionString is required", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Has-Dash")]
    [InlineData("UPPER")]
    [InlineData("pg_catalog")]
    [InlineData("")]
    public void Validate_BadSchema_NamesTheKeyUnderTheGivenSection(string schema)
    {
        var errors = new PostgresStoreOptions { ConnectionString = "Host=db;Database=x", Schema = schema }.Validate("EdgeFlows:Store:Postgres");

        Assert.Contains(errors, e => e.StartsWith($"EdgeFlows:Store:Postgres:Schema '{schema}'", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_PasswordWithUnquotedSemicolon_NamesTheKeyAndNoPartOfThePassword()
    {
        var errors = new PostgresStoreOptions { ConnectionString = "Host=db;Password=hunter2;secretpart=x" }.Validate();

        var error = Assert.Single(errors);
        Assert.StartsWith("EdgeFlows:Durable:Postgres:ConnectionString is not a valid", error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
        Assert.DoesNotContain("secretpart", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ZeroCommandTimeout_NamesTheKey()
    {
        var errors = new PostgresStoreOptions { ConnectionString = "Host=db", CommandTimeoutSeconds = 0 }.Validate();

        Assert.Equal(["EdgeFlows:Durable:Postgres:CommandTimeoutSeconds must be at least 1."], errors);
    }

    [Fact]
    public async Task UsePostgres_InvalidOptions_HostStartFailsNamingTheKey()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddDurableRuntime(r => r.UsePostgres(o => o.Schema = "Bad Schema"));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("EdgeFlows:Durable:Postgres:ConnectionString is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("EdgeFlows:Durable:Postgres:Schema 'Bad Schema'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitializeAsync_WrongPassword_ErrorNamesTheServerButNoPassword()
    {
        var wrong = "wrong-" + Guid.NewGuid().ToString("N");
        var connectionString = new NpgsqlConnectionStringBuilder(TestPostgres.ConnectionString) { Password = wrong }.ConnectionString;
        await using var store = new PostgresOrchestrationStore(new PostgresStoreOptions { ConnectionString = connectionString });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync());

        Assert.Contains("cannot be opened", error.Message, StringComparison.Ordinal);
        Assert.Contains(new NpgsqlConnectionStringBuilder(connectionString).Host!, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(TestPostgres.Password, error.ToString(), StringComparison.Ordinal);
    }
}
