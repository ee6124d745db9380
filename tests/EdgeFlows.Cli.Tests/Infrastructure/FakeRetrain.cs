// A stand-in for the pipeline's Retrain orchestration with its shape: the same name, step
// activities, custom status fields (step, phase, target, jobId, detail), result fields and
// failure reason ("Retrain of dataset 'd' at Wait (…) failed: …", then the failure webhook),
// so the CLI is tested against runs that look like real ones. The recipe steers it:
// fail-training fails at Wait, reject is not promoted, flaky-compute has one failed probe,
// await-approval waits for the "approve" event before registering.
#pragma warning disable CA2007 // Orchestrator code resumes on the orchestration's own scheduler.
using EdgeFlows.Activities.Models;
using EdgeFlows.Durable;

namespace EdgeFlows.Cli.Tests.Infrastructure;

public sealed record FakeRetrainRequest(string Dataset, string? Trigger = null, string? Reason = null, string? Recipe = null, string? Target = null);

public sealed record FakeStatus(string Step, string? Phase = null, string? Target = null, string? JobId = null, string? Detail = null);

public sealed record FakeWebhook(string Webhook, string Kind, string EventId, bool Delivered, int? StatusCode, int Attempts, string? Error);

public sealed record FakeResult(
    string Dataset,
    string ModelName,
    int Version,
    bool Promoted,
    string GateReason,
    IReadOnlyDictionary<string, double> Metrics,
    string? ImageReference,
    string? ImageDigest,
    IReadOnlyList<FakeWebhook> Webhooks,
    string Target,
    string JobId,
    string DataFingerprint);

public sealed record RegisterInput(string Dataset, string Recipe, string InstanceId, bool Promote);

public sealed record Approval(bool Approved, string? By);

public sealed class FakeRetrain : TaskOrchestrator<FakeRetrainRequest, FakeResult>
{
    public const string Target = "vm1";

    public override async Task<FakeResult> RunAsync(OrchestrationContext context, FakeRetrainRequest input)
    {
        var recipe = input.Recipe ?? "default";
        var job = $"job-{input.Dataset}";
        var step = "PlanRetrain";
        try
        {
            context.SetCustomStatus(new FakeStatus(step));
            await context.CallActivityAsync<string>("PlanRetrain", input.Dataset);

            step = "CheckCompute";
            context.SetCustomStatus(new FakeStatus(step));
            var probes = new[] { Target, recipe == "flaky-compute" ? "down" : "vm2" }
                .Select(async target =>
                {
                    try
                    {
                        return await context.CallActivityAsync<string>("CheckCompute", target);
                    }
                    catch (TaskFailedException)
                    {
                        return null;
                    }
                })
                .ToList();
            await Task.WhenAll(probes);

            step = "StartTraining";
            context.SetCustomStatus(new FakeStatus(step, Target: Target, JobId: job));
            await context.CallActivityAsync<string>("StartTraining", job);

            step = "Wait";
            context.SetCustomStatus(new FakeStatus(step, "Running", Target, job));
            await context.CreateTimer(TimeSpan.FromMilliseconds(20), CancellationToken.None);
            var phase = await context.CallActivityAsync<string>("GetTrainingStatus", recipe == "fail-training" ? "Failed" : "Succeeded");
            if (phase == "Failed")
            {
                throw new InvalidOperationException($"Retrain of dataset '{input.Dataset}' at Wait (target {Target}, job {job}) failed: training failed with exit code 3: boom");
            }

            if (recipe == "await-approval")
            {
                context.SetCustomStatus(new FakeStatus(step, "Succeeded", Target, job, "waiting for the 'approve' event"));
                var approval = await context.WaitForExternalEvent<Approval>("approve");
                if (!approval.Approved)
                {
                    throw new InvalidOperationException($"Retrain of dataset '{input.Dataset}' at Wait (target {Target}, job {job}) failed: not approved by {approval.By}");
                }
            }

            step = "RegisterModel";
            context.SetCustomStatus(new FakeStatus(step, "Succeeded", Target, job));
            var promote = recipe != "reject";
            var version = await context.CallActivityAsync<ModelVersion>("RegisterModel", new RegisterInput(input.Dataset, recipe, context.InstanceId, promote));

            string? image = null;
            string? digest = null;
            if (promote)
            {
                step = "BuildAndPushImage";
                context.SetCustomStatus(new FakeStatus(step, "Succeeded", Target, job));
                var pushed = await context.CallActivityAsync<ModelVersion>("BuildAndPushImage", version);
                (image, digest) = (pushed.ImageReference, pushed.ImageDigest);
            }

            step = "Notify";
            context.SetCustomStatus(new FakeStatus(step, "Succeeded", Target, job));
            var webhook = await context.CallActivityAsync<FakeWebhook>("SendWebhook", promote ? "succeeded" : "rejected");
            context.SetCustomStatus(new FakeStatus("Completed", "Succeeded", Target, job));
            return new FakeResult(
                input.Dataset, version.Name, version.Version, promote, promote ? "first version: promoted" : "accuracy 0.9 is not above the champion's 0.95",
                version.Metrics, image, digest, [webhook], Target, job, "sha256:feed");
        }
        catch (Exception ex) when (ex is InvalidOperationException or TaskFailedException)
        {
            // As the pipeline does: the failure event goes out, then the run fails with the reason.
            var reason = ex is InvalidOperationException ? ex.Message : $"Retrain of dataset '{input.Dataset}' at {step} failed: {ex.Message}";
            await context.CallActivityAsync<FakeWebhook>("SendWebhook", "failed");
            context.SetCustomStatus(new FakeStatus("Failed", Detail: reason));
            throw new InvalidOperationException(reason);
        }
    }
}

public sealed class EchoStep : TaskActivity<string, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string input, CancellationToken cancellationToken) =>
        context.Name == "CheckCompute" && input == "down"
            ? throw new HttpRequestException($"target '{input}' did not answer")
            : Task.FromResult(input);
}

public sealed class RegisterModelStep(IModelRegistry registry) : TaskActivity<RegisterInput, ModelVersion>
{
    public override async Task<ModelVersion> RunAsync(TaskActivityContext context, RegisterInput input, CancellationToken cancellationToken)
    {
        var version = await registry.RegisterAsync(
            new ModelRegistration
            {
                Name = $"{input.Dataset}-model",
                RunId = context.IdempotencyKey,
                ArtifactUri = $"https://data01.blob.local.azurestack.external/models/{input.Dataset}/model.onnx",
                Metrics = new Dictionary<string, double> { ["accuracy"] = input.Promote ? 0.9737 : 0.9, ["f1"] = 0.95 },
                Tags = new Dictionary<string, string> { ["dataset"] = input.Dataset, ["recipe"] = input.Recipe },
                Lineage = new ModelLineage { Dataset = input.Dataset, DataFingerprint = "sha256:feed", RunId = context.IdempotencyKey, InstanceId = input.InstanceId, Target = FakeRetrain.Target, Recipe = input.Recipe, Trigger = "http" },
            },
            cancellationToken);
        return await registry.SetStageAsync(version.Name, version.Version, input.Promote ? ModelStage.Promoted : ModelStage.Rejected, input.Promote ? "promoted" : "rejected", cancellationToken);
    }
}

public sealed class PushImageStep(IModelRegistry registry) : TaskActivity<ModelVersion, ModelVersion>
{
    public override Task<ModelVersion> RunAsync(TaskActivityContext context, ModelVersion input, CancellationToken cancellationToken) =>
        registry.SetImageAsync(input.Name, input.Version, $"registry.local:5000/{input.Name}:{input.Version}", "sha256:" + new string('a', 64), cancellationToken);
}

public sealed class SendWebhookStep : TaskActivity<string, FakeWebhook>
{
    public override Task<FakeWebhook> RunAsync(TaskActivityContext context, string input, CancellationToken cancellationToken) =>
        Task.FromResult(new FakeWebhook("ops", input, context.IdempotencyKey, true, 204, 1, null));
}
