// Service SAS URLs for training jobs: they read inputs and write outputs straight from and to
// storage, so training data never passes through EdgeFlows. Signed with the account key;
// the URL (it holds the signature) is returned, never logged.
namespace EdgeFlows.Activities.Storage;

public sealed partial class BlobStorageClient
{
    /// <summary>
    /// A URL to one blob (<c>sr=b</c>) granting <paramref name="permissions"/> (e.g.
    /// <see cref="BlobSasPermissions.Read"/>, or <see cref="BlobSasPermissions.Create"/> |
    /// <see cref="BlobSasPermissions.Write"/> for an output) from <paramref name="startsOn"/>
    /// (now when null) until <paramref name="expiresOn"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The client has no account key.</exception>
    public Uri GenerateBlobSasUri(
        string containerName,
        string blobName,
        BlobSasPermissions permissions,
        DateTimeOffset expiresOn,
        DateTimeOffset? startsOn = null)
    {
        BlobNames.ValidateContainer(containerName);
        BlobNames.ValidateBlob(blobName);
        var token = ServiceSasSigner.CreateToken(RequireSharedKey(), containerName, blobName, permissions, expiresOn, startsOn);
        var granted = permissions.ToSasString();
        _logger.SasGenerated(containerName, blobName, granted, expiresOn);
        return new Uri($"{BlobEndpoint}/{containerName}/{BlobNames.EncodePath(blobName)}?{token}");
    }

    /// <summary>
    /// A URL to a whole container (<c>sr=c</c>): with <see cref="BlobSasPermissions.Read"/> it
    /// reads any blob under it, with <see cref="BlobSasPermissions.List"/> it lists. Service
    /// version 2019-07-07 has no prefix-scoped SAS, so for "every blob under a prefix" this is
    /// the narrowest grant; append a blob path before the query to use it for one blob.
    /// </summary>
    /// <exception cref="InvalidOperationException">The client has no account key.</exception>
    public Uri GenerateContainerSasUri(
        string containerName,
        BlobSasPermissions permissions,
        DateTimeOffset expiresOn,
        DateTimeOffset? startsOn = null)
    {
        BlobNames.ValidateContainer(containerName);
        var token = ServiceSasSigner.CreateToken(RequireSharedKey(), containerName, blobName: null, permissions, expiresOn, startsOn);
        var granted = permissions.ToSasString();
        _logger.SasGenerated(containerName, "*", granted, expiresOn);
        return new Uri($"{BlobEndpoint}/{containerName}?{token}");
    }

    private StorageSharedKeyCredential RequireSharedKey() =>
        _sharedKey ?? throw new InvalidOperationException(
            "Generating a SAS needs the account key; this client was created with a SAS token, a bearer credential or anonymously.");
}
