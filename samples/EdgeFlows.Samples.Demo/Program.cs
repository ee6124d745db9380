// eng/demo.sh runs this: a real RetrainPreview orchestration on the durable runtime,
// shown live, then its result and full history. Exit code 0 when it completed.
using EdgeFlows.Durable.Client;
using EdgeFlows.Samples.Demo;
using Microsoft.Extensions.DependencyInjection;
using EdgeFlows.Samples.Demo.Display;
using Microsoft.Extensions.Hosting;

var options = DemoOptions.Parse(args, out var error);
if (options is null)
{
    Console.Error.WriteLine(error is null ? DemoOptions.Usage : $"{error}\n\n{DemoOptions.Usage}");
    return error is null ? 0 : 1;
}

using var host = DemoHost.Build(options);
await host.StartAsync();
var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
var run = new DemoRun(host.Services.GetRequiredService<DurableClient>(), DemoConsole.Create(), options);
var exitCode = await run.RunAsync(stopping);
await host.StopAsync();
return exitCode;
