using System.Text;
using System.Text.Json;
using EdgeFlows.Activities.Images;

namespace EdgeFlows.Activities.Tests.Images;

/// <summary>Base images in the other forms registries serve: Docker schema 2, and multi-platform indexes.</summary>
public sealed class BaseImageFormatTests : IDisposable
{
    private readonly string _layout = Path.Combine(Path.GetTempPath(), $"edgeflows-base-layout-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_layout))
        {
            Directory.Delete(_layout, recursive: true);
        }
    }

    [Fact]
    public async Task PushAsync_DockerSchema2Base_WritesOciManifestWithOciLayerTypes()
    {
        var baseRepository = Registry.NewRepository("docker-base");
        var written = await new ModelImageBuilder().WriteLayoutAsync(BaseRequest("base", "1"), new OciLayoutWriter(_layout));
        await Skopeo.CopyAsync($"oci:{_layout}:{written.RefName}", $"docker://{Registry.Open}/{baseRepository}:1", "--format", "v2s2");
        var baseManifest = await Skopeo.InspectAsync($"{Registry.Open}/{baseRepository}:1", raw: true);
        Assert.Equal(OciMediaTypes.DockerManifest, baseManifest.GetProperty("mediaType").GetString());
        var repository = Registry.NewRepository("on-docker");

        var result = await new ModelImageBuilder().PushAsync(
            TestImages.Request(repository, "1", baseImage: ImageReference.Parse($"{Registry.Open}/{baseRepository}:1")), Registry.CreateClient(Registry.Open));

        var manifest = await Skopeo.InspectAsync($"{Registry.Open}/{repository}:1", raw: true);
        Assert.Equal(OciMediaTypes.ImageManifest, manifest.GetProperty("mediaType").GetString());
        Assert.All(manifest.GetProperty("layers").EnumerateArray(), l => Assert.Equal(OciMediaTypes.LayerTarGzip, l.GetProperty("mediaType").GetString()));
        Assert.Equal(
            [baseManifest.GetProperty("layers")[0].GetProperty("digest").GetString(), result.LayerDigest],
            manifest.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("digest").GetString()));
    }

    [Fact]
    public async Task PushAsync_IndexBase_BuildsOnTheLinuxAmd64Manifest()
    {
        var client = Registry.CreateClient(Registry.Open);
        var baseRepository = Registry.NewRepository("multi-base");
        var arm = await new ModelImageBuilder(new ModelImageBuilderOptions { Platform = new OciPlatform("arm64", "linux") { Variant = "v8" } })
            .PushAsync(BaseRequest(baseRepository, "arm64"), client);
        var amd = await new ModelImageBuilder().PushAsync(BaseRequest(baseRepository, "amd64", content: "amd64 root"), client);
        await client.PutManifestAsync(baseRepository, "multi", OciMediaTypes.ImageIndex, await IndexAsync(client, baseRepository,
            (arm.ManifestDigest, "arm64", "v8"), (amd.ManifestDigest, "amd64", null)));
        var repository = Registry.NewRepository("on-index");

        var result = await new ModelImageBuilder().PushAsync(
            TestImages.Request(repository, "1", baseImage: ImageReference.Parse($"{Registry.Open}/{baseRepository}:multi")), client);

        var inspect = await Skopeo.InspectAsync($"{Registry.Open}/{repository}:1");
        Assert.Equal([amd.LayerDigest, result.LayerDigest], ModelImageBuilderTests.Strings(inspect.GetProperty("Layers")));
        Assert.Equal("amd64", inspect.GetProperty("Architecture").GetString());
    }

    [Fact]
    public async Task PushAsync_IndexWithoutTheWantedPlatform_ThrowsListingWhatItOffers()
    {
        var client = Registry.CreateClient(Registry.Open);
        var baseRepository = Registry.NewRepository("arm-only");
        var arm = await new ModelImageBuilder(new ModelImageBuilderOptions { Platform = new OciPlatform("arm64", "linux") })
            .PushAsync(BaseRequest(baseRepository, "arm64"), client);
        await client.PutManifestAsync(baseRepository, "multi", OciMediaTypes.ImageIndex, await IndexAsync(client, baseRepository, (arm.ManifestDigest, "arm64", null)));

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => new ModelImageBuilder().PushAsync(
            TestImages.Request(Registry.NewRepository("x"), "1", baseImage: ImageReference.Parse($"{Registry.Open}/{baseRepository}:multi")), client));

        Assert.Contains("no linux/amd64 manifest; it offers linux/arm64", error.Message, StringComparison.Ordinal);
    }

    private static ModelImageRequest BaseRequest(string repository, string tag, string content = "root") => new()
    {
        Repository = repository,
        Tag = tag,
        Files = [ImageFile.FromBytes("etc/base.txt", Encoding.UTF8.GetBytes(content))],
    };

    private static async Task<byte[]> IndexAsync(OciRegistryClient client, string repository, params (string Digest, string Architecture, string? Variant)[] manifests)
    {
        var descriptors = new List<OciDescriptor>();
        foreach (var (digest, architecture, variant) in manifests)
        {
            var manifest = await client.GetManifestAsync(repository, digest);
            descriptors.Add(new OciDescriptor(manifest.MediaType, digest, manifest.Content.Length)
            {
                Platform = new OciPlatform(architecture, "linux") { Variant = variant },
            });
        }

        return JsonSerializer.SerializeToUtf8Bytes(new { schemaVersion = 2, mediaType = OciMediaTypes.ImageIndex, manifests = descriptors });
    }
}
