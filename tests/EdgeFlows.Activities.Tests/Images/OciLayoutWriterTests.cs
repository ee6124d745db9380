using System.Text.Json;
using EdgeFlows.Activities.Images;

namespace EdgeFlows.Activities.Tests.Images;

public sealed class OciLayoutWriterTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"edgeflows-layout-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task WriteLayoutAsync_NoBase_SkopeoInspectsLayout()
    {
        var layout = new OciLayoutWriter(_folder);

        var result = await new ModelImageBuilder().WriteLayoutAsync(TestImages.Request("models/churn", "3"), layout);

        var inspect = await Skopeo.InspectLayoutAsync(_folder, result.RefName);
        Assert.Equal(result.ManifestDigest, inspect.GetProperty("Digest").GetString());
        Assert.Equal([result.LayerDigest], ModelImageBuilderTests.Strings(inspect.GetProperty("Layers")));
        Assert.Equal("churn", inspect.GetProperty("Labels").GetProperty(ModelImageLabels.Title).GetString());
        Assert.Equal("models/churn:3", result.RefName);
    }

    [Fact]
    public async Task WriteLayoutAsync_SameRequestAsAPush_SameDigests()
    {
        var request = TestImages.Request(Registry.NewRepository("layout-vs-push"), "1");

        var pushed = await new ModelImageBuilder().PushAsync(request, Registry.CreateClient(Registry.Open));
        var written = await new ModelImageBuilder().WriteLayoutAsync(request, new OciLayoutWriter(_folder));

        Assert.Equal((pushed.LayerDigest, pushed.ConfigDigest, pushed.ManifestDigest), (written.LayerDigest, written.ConfigDigest, written.ManifestDigest));
    }

    [Fact]
    public async Task WriteLayoutAsync_WithBase_CopiesBaseLayersFromTheRegistry()
    {
        var client = Registry.CreateClient(Registry.Open);
        var baseImage = await TestImages.PushBaseAsync(client, Registry.NewRepository("layout-base"));
        var baseLayers = ModelImageBuilderTests.Strings((await Skopeo.InspectAsync(baseImage.ToString())).GetProperty("Layers"));

        var result = await new ModelImageBuilder().WriteLayoutAsync(TestImages.Request("models/churn", "1", baseImage: baseImage), new OciLayoutWriter(_folder), client);

        var inspect = await Skopeo.InspectLayoutAsync(_folder, result.RefName);
        Assert.Equal([.. baseLayers, result.LayerDigest], ModelImageBuilderTests.Strings(inspect.GetProperty("Layers")));
        var (exit, _, error) = await Skopeo.RunAsync(["copy", $"oci:{_folder}:{result.RefName}", $"dir:{Path.Combine(_folder, "copy-check")}"]);
        Assert.True(exit == 0, $"skopeo could not read every blob of the layout: {error}");
    }

    [Fact]
    public async Task WriteLayoutAsync_TwoVersions_IndexNamesBothAndSharesUnchangedBlobs()
    {
        var layout = new OciLayoutWriter(_folder);
        var builder = new ModelImageBuilder();

        var first = await builder.WriteLayoutAsync(TestImages.Request("models/churn", "1", seed: 1), layout);
        var again = await builder.WriteLayoutAsync(TestImages.Request("models/churn", "1", seed: 1), layout);
        var second = await builder.WriteLayoutAsync(TestImages.Request("models/churn", "2", seed: 2), layout);

        Assert.Equal((0L, 2), (again.BytesWritten, again.BlobsSkipped));
        Assert.Equal(["models/churn:1", "models/churn:2"], (await layout.ReadIndexAsync()).Select(d => d.Annotations![OciLayoutWriter.RefNameAnnotation]));
        Assert.Equal(first.ManifestDigest, (await Skopeo.InspectLayoutAsync(_folder, "models/churn:1")).GetProperty("Digest").GetString());
        Assert.Equal(second.ManifestDigest, (await Skopeo.InspectLayoutAsync(_folder, "models/churn:2")).GetProperty("Digest").GetString());
        using var index = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(_folder, "index.json")));
        Assert.Equal(OciMediaTypes.ImageIndex, index.RootElement.GetProperty("mediaType").GetString());
    }

    [Fact]
    public async Task WriteLayoutAsync_BaseWithoutRegistryClient_ThrowsNamingTheRegistry()
    {
        var request = TestImages.Request("models/churn", "1", baseImage: ImageReference.Parse("registry.example/base:1"));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => new ModelImageBuilder().WriteLayoutAsync(request, new OciLayoutWriter(_folder)));

        Assert.Contains("registry.example", error.Message, StringComparison.Ordinal);
    }
}
