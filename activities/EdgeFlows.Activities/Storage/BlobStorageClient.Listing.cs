// List Blobs, one page at a time or as an async stream over all pages.
using System.Globalization;
using System.Runtime.CompilerServices;
using Azure.Core;

namespace EdgeFlows.Activities.Storage;

public sealed partial class BlobStorageClient
{
    /// <summary>Largest page List Blobs returns.</summary>
    public const int MaxListPageSize = 5000;

    /// <summary>
    /// Lists one page of blobs. Pass <paramref name="marker"/> null for the first page, then
    /// each page's <see cref="BlobListPage.NextMarker"/> until it is null. Blobs come in name order.
    /// </summary>
    public async Task<BlobListPage> ListBlobsPageAsync(
        string containerName,
        BlobListOptions? options = null,
        string? marker = null,
        CancellationToken cancellationToken = default)
    {
        BlobNames.ValidateContainer(containerName);
        options ??= new BlobListOptions();
        if (options.PageSize is { } size)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(size, 1, nameof(options));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(size, MaxListPageSize, nameof(options));
        }

        var query = new List<(string, string)> { ("restype", "container"), ("comp", "list") };
        if (!string.IsNullOrEmpty(options.Prefix))
        {
            query.Add(("prefix", options.Prefix));
        }

        if (!string.IsNullOrEmpty(options.Delimiter))
        {
            query.Add(("delimiter", options.Delimiter));
        }

        if (options.IncludeMetadata)
        {
            query.Add(("include", "metadata"));
        }

        if (options.PageSize is { } pageSize)
        {
            query.Add(("maxresults", pageSize.ToString(CultureInfo.InvariantCulture)));
        }

        if (!string.IsNullOrEmpty(marker))
        {
            query.Add(("marker", marker));
        }

        using var message = CreateMessage(RequestMethod.Get, containerName, blobName: null, [.. query]);
        var response = await SendAsync(message, "list blobs", containerName, cancellationToken).ConfigureAwait(false);
        return await BlobListParser.ParseAsync(response.ContentStream ?? Stream.Null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Lists every blob matching <paramref name="options"/>, fetching pages as the caller
    /// iterates. Virtual directories (with a delimiter) are only on <see cref="ListBlobsPageAsync"/>.
    /// </summary>
    public async IAsyncEnumerable<BlobItem> ListBlobsAsync(
        string containerName,
        BlobListOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? marker = null;
        do
        {
            var page = await ListBlobsPageAsync(containerName, options, marker, cancellationToken).ConfigureAwait(false);
            foreach (var blob in page.Blobs)
            {
                yield return blob;
            }

            marker = page.NextMarker;
        }
        while (marker is not null);
    }
}
