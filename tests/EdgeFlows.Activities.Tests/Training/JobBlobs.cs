// Inputs and outputs of test jobs in Azurite: blobs uploaded for a job to read through read
// SAS URLs, and write SAS URLs for what it uploads, as the StartTraining activity makes them.
using System.Text;
using EdgeFlows.Activities.Storage;
using EdgeFlows.Activities.Tests.Storage;
using EdgeFlows.Activities.Training;

namespace EdgeFlows.Activities.Tests.Training;

internal sealed class JobBlobs(BlobStorageClient client, string container)
{
    private static DateTimeOffset Expiry => DateTimeOffset.UtcNow.AddHours(1);

    /// <summary>Uploads <paramref name="content"/> as <paramref name="blob"/> and returns it as input <paramref name="name"/>.</summary>
    public async Task<TrainingJobFile> InputAsync(string name, string blob, byte[] content)
    {
        await TestData.UploadAsync(client, container, blob, content);
        return new TrainingJobFile(name, client.GenerateBlobSasUri(container, blob, BlobSasPermissions.Read, Expiry));
    }

    public Task<TrainingJobFile> InputAsync(string name, string blob, string content) => InputAsync(name, blob, Encoding.UTF8.GetBytes(content));

    /// <summary>An input whose blob does not exist (the download fails with 404).</summary>
    public TrainingJobFile MissingInput(string name, string blob) =>
        new(name, client.GenerateBlobSasUri(container, blob, BlobSasPermissions.Read, Expiry));

    /// <summary>Output <paramref name="name"/>, uploaded to <paramref name="blob"/>.</summary>
    public TrainingJobFile Output(string name, string blob) =>
        new(name, client.GenerateBlobSasUri(container, blob, BlobSasPermissions.Create | BlobSasPermissions.Write, Expiry));

    public async Task<string> ReadAsync(string blob) => Encoding.UTF8.GetString(await TestData.DownloadBytesAsync(client, container, blob));

    public Task<byte[]> ReadBytesAsync(string blob) => TestData.DownloadBytesAsync(client, container, blob);

    /// <summary>The signature of a SAS URL (the secret that must never show), as in the URL.</summary>
    public static string SignatureOf(TrainingJobFile file) =>
        file.Url.AbsoluteUri.Split('?')[1].Split('&').Single(p => p.StartsWith("sig=", StringComparison.Ordinal))[4..];

    /// <summary>The signature as written in the URL and unescaped: neither form may show.</summary>
    public static IEnumerable<string> SignatureForms(TrainingJobFile file) =>
        [SignatureOf(file), Uri.UnescapeDataString(SignatureOf(file))];
}
