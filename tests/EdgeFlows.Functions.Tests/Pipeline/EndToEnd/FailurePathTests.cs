using System.Net;
using System.Net.Sockets;
using EdgeFlows.Activities.Models;
using EdgeFlows.Activities.Training;
using EdgeFlows.Functions.Pipeline;
using EdgeFlows.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeFlows.Functions.Tests.Pipeline.EndToEnd;

/// <summary>Each way a run can go wrong, on real services, ends as documented with a clear reason.</summary>
public sealed class FailurePathTests
{
    private static readonly RetrainRequest Request = new() { Dataset = PipelineEnvironment.Dataset, Reason = "failure test" };

    [Fact]
    public async Task Pipeline_TargetUnreachable_FailsAfterTheDeadlineSayingWhy()
    {
        await using var environment = await PipelineEnvironment.CreateAsync(Runner.Ssh);
        environment.Settings["EdgeFlows:Targets:edge:Port"] = ClosedPort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment.Settings["EdgeFlows:Targets:edge:ConnectTimeout"] = "00:00:02";

        var failure = await FailAsync(environment);

        Assert.Contains("no training target fits recipe 'default'", failure, StringComparison.Ordinal);
        Assert.Contains("edge: unreachable (", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pipeline_HostKeyChanged_RefusesTheTargetSayingSo()
    {
        await using var environment = await PipelineEnvironment.CreateAsync(Runner.Ssh);
        environment.Settings["EdgeFlows:Targets:edge:KnownHostsFile"] = Sshd.WrongKnownHostsFile;

        var failure = await FailAsync(environment);

        Assert.Contains("edge: unreachable (", failure, StringComparison.Ordinal);
        Assert.Contains("host key", failure, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Pipeline_TrainingExitsNonZero_FailsWithTheExitCodeAndSendsTheFailureEvent()
    {
        await using var environment = await PipelineEnvironment.CreateAsync(Runner.Local);
        Command(environment, "python3", "-c", "import sys; print('no label column in part-0.csv', flush=True); sys.exit(3)");

        var failure = await FailAsync(environment);

        Assert.Contains("at Wait (target edge", failure, StringComparison.Ordinal);
        Assert.Contains("training failed with exit code 3", failure, StringComparison.Ordinal);
        var received = Assert.Single(environment.Inbox.Received);
        Assert.Equal(("io.edgeflows.retrain.failed", "Wait"), (received.Type, received.Data.GetProperty("failedStep").GetString()));
    }

    [Fact]
    public async Task Pipeline_TrainingRunsPastItsMaximumDuration_IsCancelledOnTheTargetAndFails()
    {
        await using var environment = await PipelineEnvironment.CreateAsync(Runner.Local);
        Command(environment, "python3", "-c", "import time; print('epoch 1', flush=True); time.sleep(300)");
        environment.Settings["EdgeFlows:Recipes:default:MaxDuration"] = "00:00:03";
        await using var host = await PipelineTestHost.StartAsync(environment, blobTrigger: false);
        await environment.UploadDatasetAsync(marker: false);

        var run = await host.RunAsync(Request);

        var failure = run.Failure!.ErrorMessage;
        Assert.Contains("at Wait (target edge", failure, StringComparison.Ordinal);
        Assert.Contains("maximum duration", failure, StringComparison.Ordinal);
        var jobId = JobIdOf(run);
        var runners = host.Services.GetRequiredService<TrainingRunnerResolver>();
        var target = new TrainingTarget { Name = "edge", Kind = "local", WorkRoot = environment.WorkRoot };
        var onTarget = await runners.Resolve(target).GetStatusAsync(target, jobId);
        Assert.Equal(TrainingJobPhase.Cancelled, onTarget.Phase);
    }

    [Fact]
    public async Task Pipeline_RegistryRefusesTheCredentials_FailsAtTheImageWithTheVersionRejected()
    {
        await using var environment = await PipelineEnvironment.CreateAsync(Runner.Local);
        environment.Settings["EdgeFlows:Image:Registry"] = Registry.BasicAuth;
        environment.Settings["EdgeFlows:Image:Username"] = Registry.User;
        environment.Settings["EdgeFlows:Image:Password"] = "not-the-password";
        await using var host = await PipelineTestHost.StartAsync(environment, blobTrigger: false);
        await environment.UploadDatasetAsync(marker: false);

        var run = await host.RunAsync(Request);

        var failure = run.Failure!.ErrorMessage;
        Assert.Contains("at BuildAndPushImage", failure, StringComparison.Ordinal);
        Assert.Contains("401", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", failure, StringComparison.Ordinal);
        var history = await host.Client.GetHistoryAsync(run.InstanceId);
        Assert.Single(history.OfType<Durable.History.TaskScheduled>(), t => t.Name == RetrainSteps.BuildAndPushImage); // a refusal is not retried
        var version = await host.Services.GetRequiredService<IModelRegistry>().GetAsync(PipelineEnvironment.Model, 1);
        Assert.Equal((ModelStage.Rejected, null), (version!.Stage, version.ImageDigest));
        Assert.StartsWith("image push failed:", version.StageReason, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", version.StageReason, StringComparison.Ordinal);
        Assert.Null(await host.Services.GetRequiredService<IModelRegistry>().GetPromotedAsync(PipelineEnvironment.Model));
        Assert.Equal(1, Assert.Single(environment.Inbox.Received).Data.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Pipeline_WebhookDown_CompletesAndRecordsTheUndeliveredEvent()
    {
        await using var environment = await PipelineEnvironment.CreateAsync(Runner.Local);
        environment.Settings["EdgeFlows:Webhooks:Endpoints:ops:Url"] = $"http://127.0.0.1:{ClosedPort()}/events";
        await using var host = await PipelineTestHost.StartAsync(environment, blobTrigger: false);
        await environment.UploadDatasetAsync(marker: false);

        var run = await host.RunAsync(Request);

        var result = PipelineTestHost.ResultOf(run);
        var delivery = Assert.Single(result.Webhooks);
        Assert.False(delivery.Delivered);
        Assert.Equal(3, delivery.Attempts);
        Assert.Contains("ops", run.CustomStatus, StringComparison.Ordinal);
        Assert.Contains("\"delivered\":false", run.CustomStatus, StringComparison.Ordinal);
    }

    private static async Task<string> FailAsync(PipelineEnvironment environment)
    {
        await using var host = await PipelineTestHost.StartAsync(environment, blobTrigger: false);
        await environment.UploadDatasetAsync(marker: false);
        var run = await host.RunAsync(Request);
        Assert.True(run.Status == Durable.OrchestrationRuntimeStatus.Failed, $"The run is {run.Status}.");
        return run.Failure!.ErrorMessage;
    }

    private static void Command(PipelineEnvironment environment, params string[] command)
    {
        foreach (var key in environment.Settings.Keys.Where(k => k.StartsWith("EdgeFlows:Recipes:default:Command:", StringComparison.Ordinal)).ToList())
        {
            environment.Settings.Remove(key);
        }

        for (var i = 0; i < command.Length; i++)
        {
            environment.Settings[$"EdgeFlows:Recipes:default:Command:{i}"] = command[i];
        }
    }

    private static string JobIdOf(Durable.Stores.OrchestrationInstance run) =>
        System.Text.Json.JsonDocument.Parse(run.CustomStatus!).RootElement.GetProperty("jobId").GetString()!;

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
