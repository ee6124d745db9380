using EdgeFlows.Activities.Storage;

namespace EdgeFlows.Activities.Tests.Storage;

public class StorageConnectionStringTests
{
    private const string Key = Azurite.AccountKey;
    private const string Sas = "sv=2019-07-07&ss=b&srt=sco&sp=rl&se=2099-01-01T00%3A00%3A00Z&sig=c2VjcmV0LXNpZ25hdHVyZQ%3D%3D";

    [Fact]
    public void Parse_DevelopmentStorage_UsesAzuriteDefaults()
    {
        var parsed = StorageConnectionString.Parse("UseDevelopmentStorage=true");

        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), parsed.BlobEndpoint);
        Assert.Equal("devstoreaccount1", parsed.AccountName);
        Assert.NotNull(parsed.SharedKey);
    }

    [Fact]
    public void Parse_StackHubAccountKey_BuildsEndpointFromSuffix()
    {
        var parsed = StorageConnectionString.Parse(
            $"DefaultEndpointsProtocol=https;AccountName=edgedata;AccountKey={Key};EndpointSuffix=local.azurestack.external");

        Assert.Equal(new Uri("https://edgedata.blob.local.azurestack.external"), parsed.BlobEndpoint);
        Assert.Equal("edgedata", parsed.SharedKey?.AccountName);
        Assert.False(parsed.HasSharedAccessSignature);
    }

    [Fact]
    public void Parse_NoSuffixOrProtocol_DefaultsToHttpsPublicCloud()
    {
        var parsed = StorageConnectionString.Parse($"AccountName=edgedata;AccountKey={Key};");

        Assert.Equal(new Uri("https://edgedata.blob.core.windows.net"), parsed.BlobEndpoint);
    }

    [Fact]
    public void Parse_BlobEndpointAndSas_KeepsTokenWithoutQuestionMark()
    {
        var parsed = StorageConnectionString.Parse($"BlobEndpoint=https://edgedata.blob.local.azurestack.external/;SharedAccessSignature=?{Sas}");

        Assert.Equal(new Uri("https://edgedata.blob.local.azurestack.external"), parsed.BlobEndpoint);
        Assert.True(parsed.HasSharedAccessSignature);
        Assert.Equal(Sas, parsed.SharedAccessSignature);
        Assert.Null(parsed.SharedKey);
    }

    [Fact]
    public void Parse_SettingNamesInOtherCase_AreAccepted()
    {
        var parsed = StorageConnectionString.Parse($"accountname=edgedata; ACCOUNTKEY={Key}; QueueEndpoint=https://q.example");

        Assert.Equal("edgedata", parsed.AccountName);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("UseDevelopmentStorage=false", "UseDevelopmentStorage")]
    [InlineData("UseDevelopmentStorage=true;AccountName=edgedata", "UseDevelopmentStorage")]
    [InlineData("AccountName=Edge_Data;AccountKey=" + Key, "AccountName")]
    [InlineData("AccountName=edgedata;AccountKey=" + Key + ";DefaultEndpointsProtocol=ftp", "DefaultEndpointsProtocol")]
    [InlineData("AccountName=edgedata;AccountKey=" + Key + ";EndpointSuffix=bad suffix", "EndpointSuffix")]
    [InlineData("AccountName=edgedata;AccountKey=" + Key + ";Colour=blue", "'Colour'")]
    [InlineData("AccountName=edgedata;AccountName=other", "AccountName is given more than once")]
    [InlineData("AccountName=;AccountKey=" + Key, "AccountName is empty")]
    [InlineData("AccountKey=" + Key, "AccountKey needs AccountName")]
    [InlineData("BlobEndpoint=not a uri", "BlobEndpoint")]
    [InlineData("BlobEndpoint=ftp://host/", "BlobEndpoint")]
    [InlineData("BlobEndpoint=https://host/?sv=1", "BlobEndpoint must not have a query")]
    [InlineData("BlobEndpoint=https://host/;SharedAccessSignature=sv=2019-07-07&sp=r", "'sig'")]
    [InlineData("BlobEndpoint=https://host/;SharedAccessSignature=sp=r&sig=abc", "'sv'")]
    [InlineData("DefaultEndpointsProtocol=https", "AccountName or BlobEndpoint")]
    public void Parse_BadPart_ThrowsNamingIt(string connectionString, string expectedInMessage)
    {
        var error = Assert.Throws<FormatException>(() => StorageConnectionString.Parse(connectionString));

        Assert.Contains(expectedInMessage, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("Storage connection string:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_KeyNotBase64_NamesAccountKeyWithoutEchoingIt()
    {
        const string badKey = "not*base64*secret-material";

        var error = Assert.Throws<FormatException>(() => StorageConnectionString.Parse($"AccountName=edgedata;AccountKey={badKey}"));

        Assert.Contains("AccountKey is not valid base64", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(badKey, error.Message, StringComparison.Ordinal);
        Assert.Null(error.InnerException);
    }

    [Fact]
    public void Parse_SegmentWithoutEquals_NamesPositionWithoutEchoingIt()
    {
        var error = Assert.Throws<FormatException>(() => StorageConnectionString.Parse($"AccountName=edgedata;{Key}"));

        Assert.Contains("part 2", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_KeyAndSasTogether_ThrowsWithoutEchoingEither()
    {
        var error = Assert.Throws<FormatException>(() =>
            StorageConnectionString.Parse($"AccountName=edgedata;AccountKey={Key};SharedAccessSignature={Sas}"));

        Assert.Contains("cannot both be given", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_WithKeyOrSas_ShowsNeither()
    {
        var withKey = StorageConnectionString.Parse($"AccountName=edgedata;AccountKey={Key}");
        var withSas = StorageConnectionString.Parse($"BlobEndpoint=https://host/;SharedAccessSignature={Sas}");

        Assert.DoesNotContain(Key, withKey.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Key, withKey.SharedKey!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("sig", withSas.ToString(), StringComparison.Ordinal);
    }
}
