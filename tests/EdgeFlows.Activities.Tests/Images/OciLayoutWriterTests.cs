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
        Assert.Equal([result.LayerDigest], inspect.GetProperty("Layers").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("churn", inspect.GetProperty("Labels").GetProperty(ModelImageLabels.Title).GetString());
    }
}
