// eng/demo.sh runs this once the app is up: it receives the app's webhooks, uploads the data
// set in two deliveries, follows each blob-triggered Retrain run and checks its results.
// Exit code 0 when both runs completed and their webhooks arrived with valid signatures.
using EdgeFlows.Activities.Storage;
using EdgeFlows.Samples.Demo;
using EdgeFlows.Samples.Demo.App;
using EdgeFlows.Samples.Demo.Data;
using EdgeFlows.Samples.Demo.Display;
using EdgeFlows.Samples.Demo.Receiver;
using EdgeFlows.Samples.Demo.Watch;

var options = DemoOptions.Parse(args, Environment.GetEnvironmentVariable, out var error);
if (options is null)
{
    Console.Error.WriteLine(error is null ? DemoOptions.Usage : $"{error}\n\n{DemoOptions.Usage}");
    return error is null ? 0 : 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var console = DemoConsole.Create(out var plain);
try
{
    await using var receiver = await WebhookReceiver.StartAsync(options.WebhookSecret, options.ReceiverPort, options.ReceiverPath, stop.Token);
    using var app = new AppClient(options.App, options.Key);
    var uploader = new DatasetUploader(new BlobStorageClient(options.Storage), options.Container, options.Dataset);
    var watcher = new CliWatcher(options.Cli, options.App, options.Key, app, console);
    var scenario = new DemoScenario(options, new RoundReport(console, plain, options), app, uploader, receiver, watcher);
    return await scenario.RunAsync(stop.Token);
}
catch (Exception) when (stop.IsCancellationRequested)
{
    // Ctrl-C reaches the app too, so a request in flight may fail before the cancellation shows.
    Console.Error.WriteLine("demo: interrupted");
    return 130;
}
catch (Exception ex) when (ex is TimeoutException or HttpRequestException or BlobStorageException or IOException or InvalidDataException)
{
    Console.Error.WriteLine($"demo: {ex.Message}");
    return 1;
}
