// A watch's in-memory copy of its receipts in the durable store, so a poll compares listed
// blobs against memory rather than the store. It may lag the store (another host reported a
// blob): the store's atomic check then refuses the event and the book is refreshed.
using EdgeFlows.Durable.Stores;

namespace EdgeFlows.Functions.Triggers.Blob;

/// <summary>The receipts of one watch: one per reported blob version, <c>{watch}:{container}/{name}@{etag}</c>.</summary>
internal sealed class ReceiptBook
{
    private readonly IOrchestrationStore _store;
    private readonly string _keyPrefix;
    private readonly Lock _lock = new();

    // Keys without the watch's prefix (name@etag), to keep memory at about the blob names'.
    private HashSet<string> _known = new(StringComparer.Ordinal);

    public ReceiptBook(IOrchestrationStore store, string watch, string container)
    {
        _store = store;
        _keyPrefix = $"{watch}:{container}/";
    }

    /// <summary>How many receipts are held in memory.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _known.Count;
            }
        }
    }

    /// <summary>The store key of a blob version.</summary>
    public string KeyOf(BlobVersion blob) => _keyPrefix + LocalKey(blob);

    /// <summary>True when the version has a receipt this book knows of.</summary>
    public bool Contains(BlobVersion blob)
    {
        lock (_lock)
        {
            return _known.Contains(LocalKey(blob));
        }
    }

    /// <summary>Records versions this host just reported.</summary>
    public void AddRange(IEnumerable<BlobVersion> blobs)
    {
        lock (_lock)
        {
            foreach (var blob in blobs)
            {
                _known.Add(LocalKey(blob));
            }
        }
    }

    /// <summary>Loads the store's receipts for blobs under <paramref name="blobPrefix"/> (all of the watch's for "").</summary>
    public async Task RefreshAsync(string blobPrefix, CancellationToken cancellationToken)
    {
        var keys = await _store.GetReceiptsAsync(_keyPrefix + blobPrefix, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            foreach (var key in keys)
            {
                _known.Add(key[_keyPrefix.Length..]);
            }
        }
    }

    /// <summary>
    /// Keeps only the receipts of versions a complete listing saw: older versions and deleted
    /// blobs can never be listed again, and their receipts stay in the store regardless.
    /// </summary>
    public void RetainOnly(IReadOnlyCollection<BlobVersion> listed)
    {
        var kept = new HashSet<string>(listed.Count, StringComparer.Ordinal);
        lock (_lock)
        {
            foreach (var blob in listed)
            {
                var key = LocalKey(blob);
                if (_known.Contains(key))
                {
                    kept.Add(key);
                }
            }

            _known = kept;
        }
    }

    private static string LocalKey(BlobVersion blob) => blob.Name + "@" + blob.ETag;
}
