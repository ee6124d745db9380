// The CLI on the app's store itself: a DurableClient over the SQLite store and the embedded
// model registry in the same file, or over the PostgreSQL store and the registry in its
// schema. No worker runs here: the CLI only reads and writes the store, and the app picks up
// what it writes (a start, an event, a terminate) at its next poll (SQLite in WAL mode lets
// the two processes share the file) or, on PostgreSQL, when the commit's NOTIFY wakes it.
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeFlows.Activities.Models;
using EdgeFlows.Cli.Runs;
using EdgeFlows.Durable;
using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.Hosting;
using EdgeFlows.Durable.Serialization;
using EdgeFlows.Durable.Stores;
using EdgeFlows.Durable.Stores.Postgres;
using EdgeFlows.Durable.Stores.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EdgeFlows.Cli.Backends.Local;

/// <summary>Runs and models straight from an EdgeFlows store: a SQLite file or a PostgreSQL schema.</summary>
public sealed class LocalBackend : IEdgeFlowsBackend
{
    private readonly string _where;
    private readonly IOrchestrationStore _store;
    private readonly DurableClient _client;
    private readonly IModelRegistry _models;
    private readonly Lazy<Task> _ready;

    private LocalBackend(string where, IOrchestrationStore store, IModelRegistry models, Func<Task>? check = null)
    {
        _where = where;
        _store = store;
        var options = new DurableRuntimeOptions();
        _client = new DurableClient(_store, new DataConverter(options.MaxPayloadBytes), options);
        _models = models;
        _ready = new Lazy<Task>(check ?? (() => Task.CompletedTask));
    }

    /// <summary>Opens the store at <paramref name="path"/>, which must exist: the CLI never creates a store.</summary>
    /// <exception cref="CliException">No file at the path (exit 4).</exception>
    public static LocalBackend Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw CliException.Unavailable(
                $"No EdgeFlows store at '{path}': the file does not exist. Give the app's store file (its EdgeFlows:Durable:Sqlite:DataSource) with --store.");
        }

        var file = Path.GetFullPath(path);
        var store = new SqliteOrchestrationStore(new SqliteStoreOptions
        {
            DataSource = file,
            // The app checks integrity when it starts; a CLI call should not read the whole file.
            VerifyIntegrityOnStart = false,
        });
        return new LocalBackend($"'{file}'", store, new SqliteModelRegistry(new SqliteModelRegistryOptions { DataSource = file }));
    }

    /// <summary>
    /// Opens the store in <paramref name="schema"/> of the PostgreSQL database <paramref name="connectionString"/>
    /// names. The schema must hold an EdgeFlows store already (checked on first use): the CLI never creates one.
    /// </summary>
    /// <exception cref="CliException">The connection string or schema is not valid (exit 2).</exception>
    public static LocalBackend OpenPostgres(string connectionString, string schema)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var storeOptions = new PostgresStoreOptions
        {
            ConnectionString = connectionString,
            Schema = schema,
            // A CLI call is over in a moment: nothing to be woken for.
            ListenForNotifications = false,
        };
        var errors = storeOptions.Validate("--postgres");
        if (errors.Count > 0)
        {
            throw CliException.Usage(string.Join(" ", errors).Replace("--postgres:ConnectionString", "--postgres", StringComparison.Ordinal).Replace("--postgres:Schema", "--postgres-schema", StringComparison.Ordinal));
        }

        var store = new PostgresOrchestrationStore(storeOptions);
        var models = new PostgresModelRegistry(new PostgresModelRegistryOptions { ConnectionString = connectionString, Schema = schema });
        var where = $"PostgreSQL at {store.Location}";
        return new LocalBackend(where, store, models, () => RequireStoreAsync(connectionString, schema, where, store));
    }

    // An app's store has its marker table; a missing one means a wrong schema or database, and
    // opening the store would create it there.
    private static async Task RequireStoreAsync(string connectionString, string schema, string where, PostgresOrchestrationStore store)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 15, CommandTimeout = 15, ApplicationName = "edgeflows-cli" };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT to_regclass(format('%I.edgeflows_schema', @schema::text)) IS NOT NULL", connection);
        command.Parameters.AddWithValue("schema", schema);
        if (await command.ExecuteScalarAsync() is not true)
        {
            throw CliException.Unavailable(
                $"No EdgeFlows store at {where}: the schema holds none (the CLI never creates one). Give the app's database and its EdgeFlows:Store:Postgres:Schema with --postgres-schema.");
        }

        await store.InitializeAsync(); // checks the schema's version as the app does
    }

    /// <inheritdoc />
    public Task<StartedRun> StartRetrainAsync(RetrainStart request, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = new StartOrchestrationOptions(
            request.InstanceId(),
            ReusePolicy: request.RequestId is null ? OrchestrationIdReusePolicy.Error : OrchestrationIdReusePolicy.SkipIfExists);
        var id = await _client.ScheduleNewOrchestrationInstanceAsync(RetrainStart.OrchestratorName, request.Input(), options, cancellationToken);
        return new StartedRun(id, request.Dataset);
    });

    /// <inheritdoc />
    public Task<RunStatus?> GetRunAsync(string instanceId, bool includeHistory, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        var instance = await _client.GetInstanceAsync(instanceId, true, cancellationToken);
        if (instance is null)
        {
            return null;
        }

        var history = includeHistory ? LocalHistory.From(await _client.GetHistoryAsync(instanceId, cancellationToken)) : null;
        return new RunStatus
        {
            InstanceId = instance.InstanceId,
            Name = instance.Name,
            RuntimeStatus = instance.Status,
            Input = JsonFields.Parse(instance.Input),
            CustomStatus = JsonFields.Parse(instance.CustomStatus),
            Output = JsonFields.Parse(instance.Output),
            Failure = instance.Failure is { } failure ? new RunFailure(failure.ErrorType, failure.ErrorMessage) : null,
            CreatedTime = LocalHistory.Utc(instance.CreatedAt),
            LastUpdatedTime = LocalHistory.Utc(instance.LastUpdatedAt),
            History = history,
        };
    });

    /// <inheritdoc />
    public Task<RunPage> ListRunsAsync(RunFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = new InstanceQuery(Statuses: filter.Statuses, Name: RetrainStart.OrchestratorName, ContinuationToken: continuationToken, IncludePayloads: true);

        // Each store page asks for what is still missing, so the token handed back is always the
        // store's own and no run is skipped or repeated; the budget bounds a rare dataset's scan.
        var items = new List<RunSummary>();
        var budget = pageSize * RunListing.ScanFactor;
        var token = continuationToken;
        do
        {
            var page = await _client.QueryInstancesAsync(query with { PageSize = Math.Min(pageSize - items.Count, budget), ContinuationToken = token }, cancellationToken);
            budget -= page.Items.Count;
            items.AddRange(page.Items.Select(Summary).Where(r => filter.Dataset is null || string.Equals(r.Dataset, filter.Dataset, StringComparison.Ordinal)));
            token = page.ContinuationToken;
        }
        while (token is not null && items.Count < pageSize && budget > 0);

        return new RunPage(items, token);
    });

    /// <inheritdoc />
    public Task RaiseEventAsync(string instanceId, string eventName, JsonNode? data, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        // A JsonElement serializes as the JSON it holds, so the orchestrator receives the data as given.
        object? payload = data is null ? null : JsonSerializer.SerializeToElement(data);
        await _client.RaiseEventAsync(instanceId, eventName, payload, cancellationToken);
        return true;
    });

    /// <inheritdoc />
    public Task TerminateAsync(string instanceId, string? reason, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        await _client.TerminateInstanceAsync(instanceId, reason, cancellationToken);
        return true;
    });

    /// <inheritdoc />
    public Task PurgeAsync(string instanceId, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        if (!await _client.PurgeInstanceAsync(instanceId, cancellationToken))
        {
            throw CliException.NotFound($"No orchestration instance has id '{instanceId}'.");
        }

        return true;
    });

    /// <inheritdoc />
    public Task<int> PurgeManyAsync(PurgeRequest request, CancellationToken cancellationToken) => GuardAsync(() =>
    {
        ArgumentNullException.ThrowIfNull(request);
        var filter = new PurgeFilter(request.CreatedFrom.UtcDateTime, (request.CreatedTo ?? DateTimeOffset.UtcNow).UtcDateTime, request.Statuses);
        return _client.PurgeInstancesAsync(filter, cancellationToken);
    });

    /// <inheritdoc />
    public Task<ModelVersionPage> ListModelsAsync(ModelFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken) => GuardAsync(() =>
    {
        ArgumentNullException.ThrowIfNull(filter);
        return _models.ListAsync(
            new ModelQuery
            {
                Name = filter.Name,
                Stage = filter.Stage,
                TagKey = filter.TagKey,
                TagValue = filter.TagValue,
                PageSize = pageSize,
                ContinuationToken = continuationToken,
            },
            cancellationToken);
    });

    /// <inheritdoc />
    public Task<ModelVersion?> GetModelAsync(string name, int version, CancellationToken cancellationToken) =>
        GuardAsync(() => _models.GetAsync(name, version, cancellationToken));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_models is IAsyncDisposable models)
        {
            await models.DisposeAsync();
        }

        await _store.DisposeAsync();
    }

    private static RunSummary Summary(OrchestrationInstance instance)
    {
        var input = JsonFields.Parse(instance.Input);
        return new RunSummary(
            instance.InstanceId,
            JsonFields.GetString(input, "dataset"),
            JsonFields.GetString(input, "trigger"),
            instance.Status,
            LocalHistory.Utc(instance.CreatedAt),
            LocalHistory.Utc(instance.LastUpdatedAt),
            instance.CompletedAt is { } completed ? LocalHistory.Utc(completed) : null,
            JsonFields.Parse(instance.CustomStatus),
            JsonFields.Parse(instance.Output),
            instance.Failure?.ErrorMessage);
    }

    /// <summary>Turns the runtime's and the registry's exceptions into the CLI's exit codes.</summary>
    private async Task<T> GuardAsync<T>(Func<Task<T>> action)
    {
        try
        {
            await _ready.Value;
            return await action();
        }
        catch (CliException)
        {
            throw;
        }
        catch (OrchestrationNotFoundException ex)
        {
            throw CliException.NotFound(ex.Message);
        }
        catch (OrchestrationAlreadyExistsException ex)
        {
            throw CliException.Conflict(ex.Message);
        }
        catch (PayloadTooLargeException ex)
        {
            throw CliException.Usage(ex.Message);
        }
        catch (StoreCorruptedException ex)
        {
            throw CliException.Unavailable($"The store {_where} cannot be used: {ex.Message}", ex);
        }
        catch (ModelRegistryException ex)
        {
            throw CliException.Unavailable($"The model registry in {_where} cannot be used: {ex.Message}", ex);
        }
        catch (SqliteException ex)
        {
            throw CliException.Unavailable($"The store {_where} cannot be used: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            // Npgsql's messages name the server and the failure, never the password.
            throw CliException.Unavailable($"The store {_where} cannot be used: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex) when (ex is not ObjectDisposedException)
        {
            // The store refuses messages to, and purges of, instances in the wrong state.
            throw CliException.Conflict(ex.Message);
        }
        catch (ArgumentException ex)
        {
            throw CliException.Usage(ex.Message.Split(" (Parameter", 2)[0]);
        }
    }
}
