using System.Text;
using System.Text.Json;
using EdgeFlows.Activities.Images;
using EdgeFlows.Activities.Tests.Images;
using EdgeFlows.Functions.Pipeline;

namespace EdgeFlows.Functions.Tests.Pipeline.EndToEnd;

/// <summary>What the registry receives when a model is retrained on an unchanged base image.</summary>
public sealed class ImagePushTests
{
    [Fact]
    public async Task Pipeline_SecondRetrainOnTheSameBase_PushesOnlyTheNewLayerConfigAndManifest()
    {
        await using var environment = await PipelineEnvironment.CreateAsync(Runner.Local);
        var baseImage = await PushBaseImageAsync(environment);
        environment.Settings["EdgeFlows:Image:BaseImage"] = baseImage;
        environment.Settings["EdgeFlows:Gate:Metric"] = "trainRows"; // more rows each run: each run is promoted
        await using var host = await PipelineTestHost.StartAsync(environment, blobTrigger: false);
        await environment.UploadDatasetAsync(rows: 300, marker: false);
        Assert.True(PipelineTestHost.ResultOf(await host.RunAsync(new RetrainRequest { Dataset = PipelineEnvironment.Dataset })).Promoted);
        environment.Registry.Clear();

        await environment.UploadDatasetAsync(marker: false);
        var second = PipelineTestHost.ResultOf(await host.RunAsync(new RetrainRequest { Dataset = PipelineEnvironment.Dataset }));

        Assert.Equal((2, true), (second.Version, second.Promoted));
        var manifest = await Skopeo.InspectAsync($"{EdgeFlows.Tests.Shared.Registry.Open}/{environment.Repository}:2", raw: true);
        var layers = manifest.GetProperty("layers").EnumerateArray().ToList();
        var (baseLayer, modelLayer, config) = (layers[0], layers[^1], manifest.GetProperty("config"));
        var requests = environment.Registry.Requests;
        var uploadedDigests = requests.Where(r => r.Method == "PUT" && r.Path.Contains("/blobs/uploads/", StringComparison.Ordinal))
            .Select(r => Uri.UnescapeDataString(r.Query.TrimStart('?').Split('&').Single(p => p.StartsWith("digest=", StringComparison.Ordinal))["digest=".Length..]))
            .Order(StringComparer.Ordinal);
        Assert.Equal(new[] { Digest(modelLayer), Digest(config) }.Order(StringComparer.Ordinal), uploadedDigests);
        Assert.Single(requests, r => r.Method == "PUT" && r.Path.Contains("/manifests/", StringComparison.Ordinal));
        Assert.DoesNotContain(requests, r => r.Path.EndsWith(Digest(baseLayer), StringComparison.Ordinal) && r.Method != "HEAD");
        var manifestBytes = (await Skopeo.RunAsync(["inspect", "--tls-verify=false", "--raw", $"docker://{EdgeFlows.Tests.Shared.Registry.Open}/{environment.Repository}:2"])).Output;
        var sent = requests.Sum(r => r.RequestBytes);
        Assert.Equal(Size(modelLayer) + Size(config) + Encoding.UTF8.GetByteCount(manifestBytes.TrimEnd('\n')), sent);
    }

    private static string Digest(JsonElement descriptor) => descriptor.GetProperty("digest").GetString()!;

    private static long Size(JsonElement descriptor) => descriptor.GetProperty("size").GetInt64();

    /// <summary>A base image with one 256 KiB layer of random bytes, pushed straight to the registry behind the proxy.</summary>
    private static async Task<string> PushBaseImageAsync(PipelineEnvironment environment)
    {
        var repository = $"edgeflows-tests/base-{Guid.NewGuid():N}"[..37];
        var bytes = new byte[256 * 1024];
        new Random(7).NextBytes(bytes);
        var request = new ModelImageRequest { Repository = repository, Tag = "1", Files = [ImageFile.FromBytes("opt/base/runtime.bin", bytes)] };
        await new ModelImageBuilder().PushAsync(request, EdgeFlows.Tests.Shared.Registry.CreateClient(EdgeFlows.Tests.Shared.Registry.Open));
        return $"{environment.RegistryHost}/{repository}:1";
    }
}
