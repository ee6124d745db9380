// Uploads part files and the marker blob, as a data pipeline (or azcopy) would: the parts
// first, then `_SUCCESS`, which tells the blob trigger the upload is complete.
using System.Text;
using EdgeFlows.Activities.Storage;

namespace EdgeFlows.Samples.Demo.Data;

/// <summary>Uploads a dataset's parts to <c>{container}/{dataset}/</c>.</summary>
public sealed class DatasetUploader(BlobStorageClient storage, string container, string dataset)
{
    /// <summary>The marker blob's name, the blob trigger's default <c>MarkerName</c>.</summary>
    public const string MarkerName = "_SUCCESS";

    /// <summary>The blob name of a file of the dataset.</summary>
    public string BlobName(string file) => $"{dataset}/{file}";

    /// <summary>Creates the container when it is missing.</summary>
    public Task CreateContainerAsync(CancellationToken cancellationToken) =>
        storage.CreateContainerIfNotExistsAsync(container, cancellationToken);

    /// <summary>Uploads the parts, then the marker (written again, so it gets a new ETag each time).</summary>
    public async Task UploadAsync(IEnumerable<DatasetPart> parts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parts);
        foreach (var part in parts)
        {
            await UploadTextAsync(BlobName(part.Name), part.Content, "text/csv", cancellationToken);
        }

        await UploadTextAsync(BlobName(MarkerName), "", "text/plain", cancellationToken);
    }

    private async Task UploadTextAsync(string blobName, string text, string contentType, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(text));
        await storage.UploadAsync(container, blobName, content, new BlobUploadOptions { ContentType = contentType }, cancellationToken);
    }
}
