using System.Text;
using EdgeFlows.Activities.Storage;

namespace EdgeFlows.Functions.Tests.Infrastructure;

/// <summary>A fresh Azurite container for one test, deleted after it.</summary>
public sealed class TestContainer : IAsyncDisposable
{
    private TestContainer(BlobStorageClient client, string name)
    {
        Client = client;
        Name = name;
    }

    public BlobStorageClient Client { get; }

    public string Name { get; }

    public static async Task<TestContainer> CreateAsync(string purpose = "trigger")
    {
        var client = Azurite.CreateClient();
        var name = Azurite.NewContainerName(purpose);
        await client.CreateContainerIfNotExistsAsync(name);
        return new TestContainer(client, name);
    }

    /// <summary>Uploads a blob with the given text (empty for a zero-length blob); returns its ETag without quotes.</summary>
    public async Task<string> UploadAsync(string blobName, string content = "x,y\n1,2\n")
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        var result = await Client.UploadAsync(Name, blobName, stream);
        return result.ETag.ToString().Trim('"');
    }

    /// <summary>Deletes a blob.</summary>
    public Task DeleteAsync(string blobName) => Client.DeleteAsync(Name, blobName);

    public async ValueTask DisposeAsync() => await Client.DeleteContainerIfExistsAsync(Name);
}
