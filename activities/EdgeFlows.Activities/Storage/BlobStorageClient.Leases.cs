// Blob leases: the lock EdgeFlows takes on a blob while one host works on it. A leased blob
// refuses writes and deletes that do not carry the lease id (412 LeaseIdMissing).
using System.Globalization;
using Azure.Core;

namespace EdgeFlows.Activities.Storage;

public sealed partial class BlobStorageClient
{
    /// <summary>Shortest finite lease the service grants.</summary>
    public static readonly TimeSpan MinLeaseDuration = TimeSpan.FromSeconds(15);

    /// <summary>Longest finite lease the service grants.</summary>
    public static readonly TimeSpan MaxLeaseDuration = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Acquires a lease of <paramref name="duration"/> (15 to 60 s; null for infinite). With
    /// <paramref name="proposedLeaseId"/> the lease gets that id, and acquiring again with the
    /// same id succeeds, which makes a retried acquire safe. A lease held by another id gives
    /// 409 <see cref="BlobErrorCode.LeaseAlreadyPresent"/>.
    /// </summary>
    public async Task<BlobLease> AcquireLeaseAsync(
        string containerName,
        string blobName,
        TimeSpan? duration,
        string? proposedLeaseId = null,
        CancellationToken cancellationToken = default)
    {
        var seconds = -1;
        if (duration is { } d)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(d, MinLeaseDuration, nameof(duration));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(d, MaxLeaseDuration, nameof(duration));
            seconds = (int)d.TotalSeconds;
        }

        using var message = CreateBlobMessage(RequestMethod.Put, containerName, blobName, ("comp", "lease"));
        var request = message.Request;
        request.Headers.SetValue(BlobHeaders.LeaseAction, "acquire");
        request.Headers.SetValue(BlobHeaders.LeaseDuration, seconds.ToString(CultureInfo.InvariantCulture));
        if (proposedLeaseId is not null)
        {
            request.Headers.SetValue(BlobHeaders.ProposedLeaseId, proposedLeaseId);
        }

        var response = await SendAsync(message, "acquire lease", $"{containerName}/{blobName}", cancellationToken).ConfigureAwait(false);
        _logger.LeaseChanged("acquired", containerName, blobName);
        var leaseId = BlobResponseReader.Header(response, BlobHeaders.LeaseId)
            ?? throw new InvalidDataException("Acquire lease returned no x-ms-lease-id.");
        return new BlobLease(leaseId, BlobResponseReader.ReadETag(response));
    }

    /// <summary>Renews a lease, restarting its duration.</summary>
    public Task<BlobLease> RenewLeaseAsync(string containerName, string blobName, string leaseId, CancellationToken cancellationToken = default) =>
        ChangeLeaseAsync(containerName, blobName, "renew", leaseId, cancellationToken);

    /// <summary>Releases a lease so others can acquire one at once.</summary>
    public async Task ReleaseLeaseAsync(string containerName, string blobName, string leaseId, CancellationToken cancellationToken = default) =>
        await ChangeLeaseAsync(containerName, blobName, "release", leaseId, cancellationToken).ConfigureAwait(false);

    private async Task<BlobLease> ChangeLeaseAsync(string containerName, string blobName, string action, string leaseId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(leaseId);
        using var message = CreateBlobMessage(RequestMethod.Put, containerName, blobName, ("comp", "lease"));
        message.Request.Headers.SetValue(BlobHeaders.LeaseAction, action);
        message.Request.Headers.SetValue(BlobHeaders.LeaseId, leaseId);
        var response = await SendAsync(message, $"{action} lease", $"{containerName}/{blobName}", cancellationToken).ConfigureAwait(false);
        _logger.LeaseChanged(action == "renew" ? "renewed" : "released", containerName, blobName);
        return new BlobLease(BlobResponseReader.Header(response, BlobHeaders.LeaseId) ?? leaseId, BlobResponseReader.ReadETag(response));
    }
}
