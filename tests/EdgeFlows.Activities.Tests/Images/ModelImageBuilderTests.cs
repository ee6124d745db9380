using System.Text.Json;
using EdgeFlows.Activities.Images;

namespace EdgeFlows.Activities.Tests.Images;

public class ModelImageBuilderTests
{
    private readonly ModelImageBuilder _builder = new();

    [Fact]
    public async Task PushAsync_NoBase_SkopeoShowsLabelsLayerAndDigest()
    {
        var client = Registry.CreateClient(Registry.Open);
        var repository = Registry.NewRepository("scratch");

        var result = await _builder.PushAsync(TestImages.Request(repository, "1"), client);

        var inspect = await Skopeo.InspectAsync($"{Registry.Open}/{repository}:1");
        Assert.Equal(result.ManifestDigest, inspect.GetProperty("Digest").GetString());
        Assert.Equal([result.LayerDigest], Strings(inspect.GetProperty("Layers")));
        var labels = inspect.GetProperty("Labels");
        Assert.Equal("churn", labels.GetProperty(ModelImageLabels.Title).GetString());
        Assert.Equal("1", labels.GetProperty(ModelImageLabels.Version).GetString());
        Assert.Equal("""{"accuracy":0.9846,"f1":0.97}""", labels.GetProperty(ModelImageLabels.Metrics).GetString());
        Assert.Equal("sha256:0f1e2d", labels.GetProperty(ModelImageLabels.DataFingerprint).GetString());
        Assert.Equal("linux", inspect.GetProperty("Os").GetString());
        Assert.Equal("amd64", inspect.GetProperty("Architecture").GetString());
        Assert.Equal($"{Registry.Open}/{repository}:1@{result.ManifestDigest}", result.Reference.ToString());
    }

    [Fact]
    public async Task PushAsync_NoBase_ManifestAndConfigHaveOciMediaTypes()
    {
        var client = Registry.CreateClient(Registry.Open);
        var repository = Registry.NewRepository("media-types");

        var result = await _builder.PushAsync(TestImages.Request(repository, "1"), client);

        var manifest = await Skopeo.InspectAsync($"{Registry.Open}/{repository}:1", raw: true);
        Assert.Equal(OciMediaTypes.ImageManifest, manifest.GetProperty("mediaType").GetString());
        Assert.Equal(OciMediaTypes.ImageConfig, manifest.GetProperty("config").GetProperty("mediaType").GetString());
        Assert.Equal(result.ConfigDigest, manifest.GetProperty("config").GetProperty("digest").GetString());
        var layer = Assert.Single(manifest.GetProperty("layers").EnumerateArray());
        Assert.Equal(OciMediaTypes.LayerTarGzip, layer.GetProperty("mediaType").GetString());
        Assert.Equal(result.LayerSize, layer.GetProperty("size").GetInt64());
    }

    [Fact]
    public async Task PushAsync_OnBase_ManifestListsBaseLayersThenModelLayer()
    {
        var client = Registry.CreateClient(Registry.Open);
        var baseImage = await TestImages.PushBaseAsync(client, Registry.NewRepository("base"));
        var baseLayers = Strings((await Skopeo.InspectAsync(baseImage.ToString())).GetProperty("Layers"));
        var repository = Registry.NewRepository("on-base");

        var result = await _builder.PushAsync(TestImages.Request(repository, "1", baseImage: baseImage), client);

        var inspect = await Skopeo.InspectAsync($"{Registry.Open}/{repository}:1");
        Assert.Equal([.. baseLayers, result.LayerDigest], Strings(inspect.GetProperty("Layers")));
        Assert.Equal(2, result.BlobsMounted);
        var manifest = await Skopeo.InspectAsync($"{Registry.Open}/{repository}:1", raw: true);
        var annotations = manifest.GetProperty("annotations");
        Assert.Equal(baseImage.ToString(), annotations.GetProperty("org.opencontainers.image.base.name").GetString());
    }

    [Fact]
    public async Task PushAsync_OnBase_ConfigMergesBaseEnvironmentLabelsAndHistory()
    {
        var client = Registry.CreateClient(Registry.Open);
        var baseImage = await TestImages.PushBaseAsync(client, Registry.NewRepository("base"));
        var repository = Registry.NewRepository("config");

        await _builder.PushAsync(TestImages.Request(repository, "1", baseImage: baseImage), client);

        var (exit, output, error) = await Skopeo.RunAsync(["inspect", "--tls-verify=false", "--config", $"docker://{Registry.Open}/{repository}:1"]);
        Assert.True(exit == 0, error);
        var config = JsonDocument.Parse(output).RootElement;
        var runtime = config.GetProperty("config");
        Assert.Equal(["PATH=/usr/local/bin:/usr/bin:/bin", "MODEL_PATH=/models/churn/model.bin"], Strings(runtime.GetProperty("Env")));
        Assert.Equal(["python3", "/app/score.py"], Strings(runtime.GetProperty("Entrypoint")));
        Assert.False(runtime.TryGetProperty("Cmd", out _), "a new entrypoint clears the base's Cmd");
        Assert.Equal("edgeflows-tests", runtime.GetProperty("Labels").GetProperty("org.opencontainers.image.vendor").GetString());
        Assert.Equal(3, config.GetProperty("rootfs").GetProperty("diff_ids").GetArrayLength());
        Assert.Equal(3, config.GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task PushAsync_ChangedModelOnSameBase_UploadsOnlyLayerConfigAndManifest()
    {
        var baseImage = await TestImages.PushBaseAsync(Registry.CreateClient(Registry.Open), Registry.NewRepository("base"));
        var repository = Registry.NewRepository("changed");
        await using (var first = await RegistryProxy.StartAsync(Registry.Open))
        {
            var client = Registry.CreateClient(first.Registry);
            await _builder.PushAsync(TestImages.Request(repository, "1", seed: 1, ProxiedBase(first, baseImage)), client);
        }

        await using var proxy = await RegistryProxy.StartAsync(Registry.Open);
        var result = await _builder.PushAsync(TestImages.Request(repository, "2", seed: 2, ProxiedBase(proxy, baseImage)), Registry.CreateClient(proxy.Registry));

        var manifest = await Skopeo.InspectAsync($"{Registry.Open}/{repository}:2", raw: true);
        var (_, rawManifest, _) = await Skopeo.RunAsync(["inspect", "--tls-verify=false", "--raw", $"docker://{Registry.Open}/{repository}:2"]);
        var configSize = manifest.GetProperty("config").GetProperty("size").GetInt64();
        Assert.Equal(result.LayerSize + configSize + System.Text.Encoding.UTF8.GetByteCount(rawManifest.TrimEnd('\n')), result.BytesUploaded);
        Assert.Equal(result.BytesUploaded, proxy.BodyBytes);
        Assert.Equal((2, 0, 2), (result.BlobsSkipped, result.BlobsMounted, result.BlobsUploaded));
    }

    [Fact]
    public async Task PushAsync_SameImageTwice_SecondPushSendsNothing()
    {
        var baseImage = await TestImages.PushBaseAsync(Registry.CreateClient(Registry.Open), Registry.NewRepository("base"));
        var repository = Registry.NewRepository("twice");
        await using var proxy = await RegistryProxy.StartAsync(Registry.Open);
        var client = Registry.CreateClient(proxy.Registry);
        var first = await _builder.PushAsync(TestImages.Request(repository, "1", baseImage: ProxiedBase(proxy, baseImage)), client);
        var before = proxy.Requests.Count;

        var second = await _builder.PushAsync(TestImages.Request(repository, "1", baseImage: ProxiedBase(proxy, baseImage)), client);

        var writes = proxy.Requests.Skip(before).Where(r => r.Method is "POST" or "PATCH" or "PUT").ToArray();
        Assert.Empty(writes);
        Assert.Equal(0, second.BytesUploaded);
        Assert.Equal(4, second.BlobsSkipped);
        Assert.Equal(first.ManifestDigest, second.ManifestDigest);
    }

    [Fact]
    public async Task PushAsync_SameRequestToTwoRepositories_SameDigests()
    {
        var client = Registry.CreateClient(Registry.Open);

        var first = await _builder.PushAsync(TestImages.Request(Registry.NewRepository("same-a"), "1"), client);
        var second = await _builder.PushAsync(TestImages.Request(Registry.NewRepository("same-b"), "1"), client);

        Assert.Equal((first.LayerDigest, first.ConfigDigest, first.ManifestDigest), (second.LayerDigest, second.ConfigDigest, second.ManifestDigest));
    }

    [Fact]
    public async Task PushAsync_BaseInAnotherRegistry_CopiesBaseLayers()
    {
        var open = Registry.CreateClient(Registry.Open);
        var baseImage = await TestImages.PushBaseAsync(open, Registry.NewRepository("base"));
        var target = Registry.CreateClient(Registry.BasicAuth, Registry.BasicCredentials);
        var repository = Registry.NewRepository("copied");

        var result = await _builder.PushAsync(TestImages.Request(repository, "1", baseImage: baseImage), target, baseRegistry: open);

        var baseLayers = Strings((await Skopeo.InspectAsync(baseImage.ToString())).GetProperty("Layers"));
        var inspect = await Skopeo.InspectAsync($"{Registry.BasicAuth}/{repository}:1", $"{Registry.User}:{Registry.Password}");
        Assert.Equal([.. baseLayers, result.LayerDigest], Strings(inspect.GetProperty("Layers")));
        Assert.Equal((0, 0, 4), (result.BlobsSkipped, result.BlobsMounted, result.BlobsUploaded));
    }

    [Fact]
    public async Task PushAsync_BaseInAnotherRegistryWithoutItsClient_ThrowsNamingTheRegistry()
    {
        var target = Registry.CreateClient(Registry.Open);
        var baseImage = ImageReference.Parse($"{Registry.BasicAuth}/some/base:1");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _builder.PushAsync(TestImages.Request(Registry.NewRepository("x"), "1", baseImage: baseImage), target));

        Assert.Contains(Registry.BasicAuth, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PushAsync_MissingBase_ThrowsManifestUnknown()
    {
        var client = Registry.CreateClient(Registry.Open);
        var baseImage = ImageReference.Parse($"{Registry.Open}/{Registry.NewRepository("missing")}:1");

        var error = await Assert.ThrowsAsync<OciRegistryException>(() => _builder.PushAsync(TestImages.Request(Registry.NewRepository("x"), "1", baseImage: baseImage), client));

        Assert.Equal((404, "MANIFEST_UNKNOWN"), (error.Status, error.ErrorCode));
    }

    private static ImageReference ProxiedBase(RegistryProxy proxy, ImageReference baseImage) =>
        ImageReference.Create(proxy.Registry, baseImage.Repository, baseImage.Tag);

    internal static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString() ?? "").ToArray();
}
