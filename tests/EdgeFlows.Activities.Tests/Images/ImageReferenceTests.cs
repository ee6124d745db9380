using System.Text.Json;
using EdgeFlows.Activities.Images;

namespace EdgeFlows.Activities.Tests.Images;

public class ImageReferenceTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public void Parse_HostPortRepositoryTagAndDigest_ReturnsEveryPart()
    {
        var reference = ImageReference.Parse($"127.0.0.1:5000/models/churn:7@{Digest}");

        Assert.Equal(("127.0.0.1:5000", "models/churn", "7", Digest), (reference.Registry, reference.Repository, reference.Tag, reference.Digest));
    }

    [Theory]
    [InlineData("myregistry.azsacr.local.azurestack.external/models/churn:7")]
    [InlineData("localhost/base")]
    [InlineData("127.0.0.1:5000/a/b/c:v1.2-rc_3")]
    [InlineData("[::1]:5000/repo:1")]
    [InlineData($"registry.example/repo@{Digest}")]
    [InlineData("registry.example/my-repo__x.y:latest")]
    public void ToString_ParsedReference_RoundTrips(string text)
    {
        Assert.Equal(text, ImageReference.Parse(text).ToString());
    }

    [Fact]
    public void ManifestReference_NoTagNorDigest_IsLatest()
    {
        Assert.Equal("latest", ImageReference.Parse("registry.example/repo").ManifestReference);
    }

    [Fact]
    public void ManifestReference_TagAndDigest_IsTheDigest()
    {
        Assert.Equal(Digest, ImageReference.Parse($"registry.example/repo:1@{Digest}").ManifestReference);
    }

    [Theory]
    [InlineData("models/churn:7", "no registry host")]
    [InlineData("churn", "no registry host")]
    [InlineData("", "empty")]
    [InlineData("registry.example/Models/churn", "repository name 'Models/churn' is invalid")]
    [InlineData("registry.example/models//churn", "repository name 'models//churn' is invalid")]
    [InlineData("registry.example/models/churn:", "tag is empty")]
    [InlineData("registry.example/models/churn:-bad", "tag '-bad' is invalid")]
    [InlineData("registry.example/models/churn@sha256:abc", "digest 'sha256:abc' is invalid")]
    [InlineData("registry.example:99999/models/churn", "port 99999")]
    [InlineData("bad_host.example/models/churn", "registry 'bad_host.example' is invalid")]
    [InlineData("registry.example/models churn", "whitespace")]
    public void Parse_InvalidReference_ThrowsNamingWhatIsWrong(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => ImageReference.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Invalid_ReturnsFalse()
    {
        Assert.False(ImageReference.TryParse("no-host/repo", out var reference));
        Assert.Null(reference);
    }

    [Fact]
    public void Create_InvalidTag_ThrowsArgumentNamingTag()
    {
        var error = Assert.Throws<ArgumentException>(() => ImageReference.Create("registry.example", "repo", "a:b"));

        Assert.Contains("tag 'a:b'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_PushResult_RoundTripsWithTheReferenceAsAString()
    {
        var result = new ModelImagePushResult(ImageReference.Parse($"127.0.0.1:5000/models/churn:7@{Digest}"), Digest, Digest, Digest, 10, 20, 1, 2, 3);

        var json = JsonSerializer.Serialize(result);

        Assert.Contains($"\"Reference\":\"127.0.0.1:5000/models/churn:7@{Digest}\"", json, StringComparison.Ordinal);
        Assert.Equal(result, JsonSerializer.Deserialize<ModelImagePushResult>(json));
    }

    [Fact]
    public void Json_InvalidReference_ThrowsJsonExceptionSayingWhy()
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ImageReference>("\"churn:7\""));

        Assert.Contains("no registry host", error.Message, StringComparison.Ordinal);
    }
}
