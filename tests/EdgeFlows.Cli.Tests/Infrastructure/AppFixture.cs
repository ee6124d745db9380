// The real app (Program.CreateApp) on Kestrel at 127.0.0.1, port 0, with the fake Retrain
// registered and the app's own embedded model registry: the CLI talks to it over HTTP with
// --url and --key exactly as it would to a deployed app, and with --store to the same file.
using EdgeFlows.Durable.Stores.Sqlite;
using EdgeFlows.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Cli.Tests.Infrastructure;

public sealed class AppFixture : IAsyncLifetime
{
    private AppTestHost? _app;

    public AppTestHost App => _app ?? throw new InvalidOperationException("The fixture is not started.");

    public string Url => App.BaseUri.ToString();

    /// <summary>The app's store file, for the same commands with --store.</summary>
    public string StorePath => App.App.Services.GetRequiredService<IOptions<SqliteStoreOptions>>().Value.DataSource;

    public async Task InitializeAsync()
    {
        _app = await AppTestHost.StartAsync(runtime: StoreFixture.Register);
        // Opens the store, so its file exists before a test points --store at it.
        await _app.Client.GetInstanceAsync("warm-up");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>The CLI's arguments against the app with the host key.</summary>
    public string[] Args(params string[] args) => [.. args, "--url", Url, "--key", AppTestHost.HostKey];

    /// <summary>Runs the CLI against the app with the host key.</summary>
    public Task<CliResult> RunAsync(params string[] args) => CliRun.RunAsync(Args(args));

    /// <summary>Runs the CLI on the app's store file.</summary>
    public Task<CliResult> RunOnStoreAsync(params string[] args) => CliRun.RunAsync([.. args, "--store", StorePath]);

    /// <summary>Starts a run over HTTP and waits until the app has finished it.</summary>
    public async Task<string> StartAndWaitAsync(string dataset, string? recipe = null)
    {
        var started = await RunAsync(recipe is null ? ["start", dataset, "--json"] : ["start", dataset, "--recipe", recipe, "--json"]);
        Assert.True(started.ExitCode == 0, started.ToString());
        var id = started.Json()["instanceId"]!.GetValue<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await App.Client.WaitForInstanceCompletionAsync(id, timeout.Token);
        return id;
    }
}
