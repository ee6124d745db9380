// What a command's action gets: the parsed command line, the console, and the backend the
// global options point at (the store file or the app), opened on first use.
using System.CommandLine;
using EdgeFlows.Cli.Backends;
using EdgeFlows.Cli.Backends.Local;
using EdgeFlows.Cli.Backends.Remote;

namespace EdgeFlows.Cli.Commands;

/// <summary>One invocation of a command.</summary>
internal sealed class CommandContext(ParseResult parse, CliConsole console, GlobalOptions options, CancellationToken cancellationToken)
{
    public ParseResult Parse { get; } = parse;

    public CliConsole Console { get; } = console;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public bool Json => Parse.GetValue(options.Json);

    public DateTimeOffset Now => Console.Time.GetUtcNow();

    /// <summary>
    /// Opens the backend: --store, --postgres or --url, else from the environment:
    /// EDGEFLOWS_URL, then EDGEFLOWS_STORE, then EDGEFLOWS_POSTGRES.
    /// </summary>
    /// <exception cref="CliException">More than one or none given, a bad URL, a missing store file.</exception>
    public IEdgeFlowsBackend OpenBackend()
    {
        var store = Parse.GetValue(options.Store);
        var postgres = Parse.GetValue(options.Postgres);
        var url = Parse.GetValue(options.Url);
        var key = Parse.GetValue(options.Key);
        if ((store is not null ? 1 : 0) + (postgres is not null ? 1 : 0) + (url is not null ? 1 : 0) > 1)
        {
            throw CliException.Usage("Give one of --store (the store file), --postgres (the PostgreSQL store) or --url (the app), not several.");
        }

        if (store is not null || postgres is not null)
        {
            if (key is not null)
            {
                throw CliException.Usage("Option '--key' is for --url; a store is opened without a key.");
            }

            return store is not null ? LocalBackend.Open(store) : OpenPostgres(postgres!);
        }

        url ??= NonEmpty(Console.GetEnvironmentVariable("EDGEFLOWS_URL"));
        if (url is not null)
        {
            var endpoint = RemoteEndpoint.Create(url, key ?? NonEmpty(Console.GetEnvironmentVariable("EDGEFLOWS_KEY")), Parse.GetValue(options.HttpTimeout));
            if (endpoint.KeyTravelsInClear && !Json)
            {
                Console.Error.WriteLine($"warning: {endpoint} is plain http to another machine; the key crosses the network unencrypted. Use https.");
            }

            return new RemoteBackend(endpoint);
        }

        if (key is not null)
        {
            throw CliException.Usage("Option '--key' needs --url (or EDGEFLOWS_URL): the app to send it to.");
        }

        if (NonEmpty(Console.GetEnvironmentVariable("EDGEFLOWS_STORE")) is { } envStore)
        {
            return LocalBackend.Open(envStore);
        }

        if (NonEmpty(Console.GetEnvironmentVariable("EDGEFLOWS_POSTGRES")) is { } envPostgres)
        {
            return OpenPostgres(envPostgres);
        }

        throw CliException.Usage(
            "Say where EdgeFlows is: --store <file> for the app's store file, --postgres <connection> for its PostgreSQL store, or --url <app URL> with --key (or set EDGEFLOWS_STORE, EDGEFLOWS_POSTGRES, or EDGEFLOWS_URL and EDGEFLOWS_KEY).");
    }

    // The schema: --postgres-schema when given, else EDGEFLOWS_POSTGRES_SCHEMA, else the default.
    private LocalBackend OpenPostgres(string connectionString)
    {
        var given = Parse.GetResult(options.PostgresSchema) is { Implicit: false };
        var schema = given ? Parse.GetValue(options.PostgresSchema)! : NonEmpty(Console.GetEnvironmentVariable("EDGEFLOWS_POSTGRES_SCHEMA")) ?? Parse.GetValue(options.PostgresSchema)!;
        return LocalBackend.OpenPostgres(connectionString, schema);
    }

    /// <summary>Writes a JSON document or, for people, calls <paramref name="human"/>.</summary>
    public void Write<T>(T json, Action human)
    {
        ArgumentNullException.ThrowIfNull(human);
        if (Json)
        {
            Output.JsonOutput.Write(Console.Out, json);
        }
        else
        {
            human();
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
