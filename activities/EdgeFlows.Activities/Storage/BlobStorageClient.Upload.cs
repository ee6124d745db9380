// Uploads: content up to SingleUploadThresholdBytes goes in one Put Blob; anything larger is
// streamed as Put Block calls (one block in memory at a time, each with its Content-MD5 so
// the service rejects a corrupted block) and committed with Put Block List, which also
// stores the MD5 of the whole content computed on the way through.
using System.Buffers;
using System.Text;
using Azure.Core;

namespace EdgeFlows.Activities.Storage;

public sealed partial class BlobStorageClient
{
    private const string DefaultContentType = "application/octet-stream";

    /// <summary>
    /// Uploads <paramref name="content"/> from its current position to its end, replacing any
    /// blob of that name. The stream need not be seekable nor have a known length.
    /// </summary>
    /// <exception cref="ArgumentException">The content is larger than
    /// <see cref="BlobStorageClientOptions.MaxBlockCount"/> blocks.</exception>
    public async Task<BlobUploadResult> UploadAsync(
        string containerName,
        string blobName,
        Stream content,
        BlobUploadOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        BlobNames.ValidateContainer(containerName);
        BlobNames.ValidateBlob(blobName);
        ArgumentNullException.ThrowIfNull(content);
        options ??= new BlobUploadOptions();

        // Reading one byte past the threshold tells "small" from "large" without a Length.
        var threshold = _options.SingleUploadThresholdBytes;
        var head = ArrayPool<byte>.Shared.Rent(threshold + 1);
        try
        {
            var headLength = await BlockSource.FillAsync(content, head.AsMemory(0, threshold + 1), cancellationToken).ConfigureAwait(false);
            var result = headLength <= threshold
                ? await PutBlobAsync(containerName, blobName, head.AsMemory(0, headLength), options, cancellationToken).ConfigureAwait(false)
                : await PutBlocksAsync(containerName, blobName, new BlockSource(head.AsMemory(0, headLength), content), options, cancellationToken).ConfigureAwait(false);
            _logger.BlobUploaded(containerName, blobName, result.ContentLength, result.BlockCount);
            return result;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(head);
        }
    }

    private async Task<BlobUploadResult> PutBlobAsync(
        string containerName, string blobName, ReadOnlyMemory<byte> data, BlobUploadOptions options, CancellationToken cancellationToken)
    {
        var md5 = ContentHash.MD5Base64(data.Span);
        using var message = CreateBlobMessage(RequestMethod.Put, containerName, blobName);
        var request = message.Request;
        request.Headers.SetValue(BlobHeaders.BlobType, "BlockBlob");
        request.Headers.SetValue(BlobHeaders.ContentMD5, md5);
        request.Headers.SetValue(BlobHeaders.BlobContentType, options.ContentType ?? DefaultContentType);
        AddMetadata(request, options.Metadata);
        AddConditions(request, options.Conditions);
        request.Content = RequestContent.Create(data);
        var response = await SendAsync(message, "upload", $"{containerName}/{blobName}", cancellationToken).ConfigureAwait(false);
        return new BlobUploadResult(BlobResponseReader.ReadETag(response), data.Length, md5, BlockCount: 0);
    }

    private async Task<BlobUploadResult> PutBlocksAsync(
        string containerName, string blobName, BlockSource source, BlobUploadOptions options, CancellationToken cancellationToken)
    {
        var blockSize = _options.BlockSizeBytes;
        var buffer = ArrayPool<byte>.Shared.Rent(blockSize);
        try
        {
            using var wholeMd5 = ContentHash.CreateIncrementalMD5();
            // Block ids must have one length per blob; a per-upload prefix keeps two concurrent
            // uploads of the same name from committing each other's blocks.
            var uploadId = Guid.NewGuid().ToString("N");
            var blockIds = new List<string>();
            long length = 0;
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, blockSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (blockIds.Count == BlobStorageClientOptions.MaxBlockCount)
                {
                    throw new ArgumentException(
                        $"The content is larger than {BlobStorageClientOptions.MaxBlockCount} blocks of {blockSize} bytes; raise BlockSizeBytes.",
                        nameof(source));
                }

                var block = buffer.AsMemory(0, read);
                wholeMd5.AppendData(block.Span);
                var blockId = Convert.ToBase64String(Encoding.ASCII.GetBytes($"{uploadId}-{blockIds.Count:D6}"));
                await PutBlockAsync(containerName, blobName, blockId, block, options.Conditions?.LeaseId, cancellationToken).ConfigureAwait(false);
                blockIds.Add(blockId);
                length += read;
            }

            var md5 = Convert.ToBase64String(wholeMd5.GetHashAndReset());
            var etag = await PutBlockListAsync(containerName, blobName, blockIds, md5, options, cancellationToken).ConfigureAwait(false);
            return new BlobUploadResult(etag, length, md5, blockIds.Count);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task PutBlockAsync(
        string containerName, string blobName, string blockId, ReadOnlyMemory<byte> block, string? leaseId, CancellationToken cancellationToken)
    {
        using var message = CreateBlobMessage(RequestMethod.Put, containerName, blobName, ("comp", "block"), ("blockid", blockId));
        var request = message.Request;
        request.Headers.SetValue(BlobHeaders.ContentMD5, ContentHash.MD5Base64(block.Span));
        if (leaseId is not null)
        {
            request.Headers.SetValue(BlobHeaders.LeaseId, leaseId);
        }

        request.Content = RequestContent.Create(block);
        await SendAsync(message, "put block", $"{containerName}/{blobName}", cancellationToken).ConfigureAwait(false);
    }

    private async Task<Azure.ETag> PutBlockListAsync(
        string containerName, string blobName, List<string> blockIds, string md5, BlobUploadOptions options, CancellationToken cancellationToken)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
        foreach (var id in blockIds)
        {
            xml.Append("<Latest>").Append(id).Append("</Latest>");
        }

        xml.Append("</BlockList>");
        using var message = CreateBlobMessage(RequestMethod.Put, containerName, blobName, ("comp", "blocklist"));
        var request = message.Request;
        request.Headers.SetValue(BlobHeaders.BlobContentMD5, md5);
        request.Headers.SetValue(BlobHeaders.BlobContentType, options.ContentType ?? DefaultContentType);
        AddMetadata(request, options.Metadata);
        AddConditions(request, options.Conditions);
        request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(xml.ToString()));
        var response = await SendAsync(message, "put block list", $"{containerName}/{blobName}", cancellationToken).ConfigureAwait(false);
        return BlobResponseReader.ReadETag(response);
    }
}
