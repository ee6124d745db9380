using System.Net.Http.Json;
using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Functions.Tests.Infrastructure;

/// <summary>
/// The real app (<see cref="Program.CreateApp"/>) on Kestrel at 127.0.0.1 with a free port,
/// a SQLite store in a temp folder, test keys, and every log line captured.
/// </summary>
public sealed class AppTestHost : IAsyncDisposable
{
    public const string HostKey = "host-key-0123456789abcdef";
    public const string DefaultFunctionKey = "default-key-0123456789ab";
    public const string RetrainKey = "retrain-key-0123456789ab";
    public const string ModelsKey = "models-key-0123456789abc";

    private readonly TempDirectory? _ownDirectory;

    private AppTestHost(WebApplication app, TempDirectory? ownDirectory, string folder, LogCapture logs)
    {
        App = app;
        _ownDirectory = ownDirectory;
        Folder = folder;
        Logs = logs;
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        BaseUri = new Uri(address.TrimEnd('/') + "/");
        Http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(60) };
    }

    public WebApplication App { get; }

    public Uri BaseUri { get; }

    /// <summary>A client with no key.</summary>
    public HttpClient Http { get; }

    public string Folder { get; }

    public LogCapture Logs { get; }

    public DurableClient Client => App.Services.GetRequiredService<DurableClient>();

    /// <summary>
    /// Starts the app; <paramref name="settings"/> override the test defaults (a null value
    /// removes one); <paramref name="files"/> (host.json, local.settings.json) are written to
    /// the content root first.
    /// </summary>
    public static async Task<AppTestHost> StartAsync(
        Action<DurableRuntimeBuilder>? runtime = null,
        IDictionary<string, string?>? settings = null,
        Action<WebApplicationBuilder>? builder = null,
        string? folder = null,
        EdgeFlows.Functions.Hosting.KeyVaultClientFactory? keyVault = null,
        IDictionary<string, string>? files = null)
    {
        var own = folder is null ? new TempDirectory() : null;
        folder ??= own!.Path;
        foreach (var (name, text) in files ?? new Dictionary<string, string>())
        {
            await File.WriteAllTextAsync(Path.Combine(folder, name), text);
        }

        var logs = new LogCapture();
        var values = new Dictionary<string, string?>
        {
            ["EdgeFlows:Host:DataFolder"] = Path.Combine(folder, "data"),
            ["EdgeFlows:Host:ShutdownTimeout"] = "00:00:20",
            ["EdgeFlows:Keys:Host"] = HostKey,
            ["EdgeFlows:Keys:Functions:default"] = DefaultFunctionKey,
            ["EdgeFlows:Keys:Functions:retrain"] = RetrainKey,
            ["EdgeFlows:Keys:Functions:models"] = ModelsKey,
            ["EdgeFlows:Durable:Sqlite:Synchronous"] = "NORMAL",
            ["EdgeFlows:Durable:MinPollInterval"] = "00:00:00.010",
            ["EdgeFlows:Durable:MaxPollInterval"] = "00:00:00.200",
            ["EdgeFlows:Durable:ShutdownTimeout"] = "00:00:05",
            ["Logging:LogLevel:Default"] = "Trace",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        WebApplication? app = null;
        try
        {
            app = Program.CreateApp(
                ["--urls", "http://127.0.0.1:0", "--contentRoot", folder, "--environment", "Production"],
                new EdgeFlows.Functions.Hosting.AppCustomization
                {
                    Builder = b =>
                    {
                        b.Configuration.AddInMemoryCollection(values.Where(v => v.Value is not null));
                        b.Logging.ClearProviders();
                        b.Logging.AddProvider(logs);
                        builder?.Invoke(b);
                    },
                    Runtime = runtime,
                    KeyVaultClient = keyVault,
                });
            await app.StartAsync();
            return new AppTestHost(app, own, folder, logs);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            own?.Dispose();
            throw;
        }
    }

    /// <summary>A request with the key in the x-functions-key header (none when null).</summary>
    public static HttpRequestMessage Request(HttpMethod method, string path, string? key, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }

        return request;
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key = HostKey, HttpContent? content = null) =>
        Http.SendAsync(Request(method, path, key, content));

    public Task<HttpResponseMessage> GetAsync(string path, string? key = HostKey) => SendAsync(HttpMethod.Get, path, key);

    public Task<HttpResponseMessage> PostJsonAsync(string path, object? body, string? key = HostKey) =>
        SendAsync(HttpMethod.Post, path, key, body is null ? null : JsonContent.Create(body));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        _ownDirectory?.Dispose();
    }
}
