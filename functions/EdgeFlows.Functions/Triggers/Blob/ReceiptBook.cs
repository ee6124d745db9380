// A watch's in-memory copy of its receipts in the durable store, so a poll compares listed
// blobs against memory rather than the store. It may lag the store (another host reported a
// blob): the store's atomic check then refuses the event and the book is refreshed.
//
// It also says which receipts the store no longer needs. A version known before a complete
// listing began and absent from it was overwritten or deleted, and its ETag never comes
// back; after a grace time (a host that listed it just before it went may still be
// reporting it, and must be refused) its receipt can go. A receipt learnt during the listing
// may be of a version this listing passed before it was written (another host reported it),
// so it is only dropped from memory, and a later listing deals with it.
using EdgeFlows.Durable.Stores;

namespace EdgeFlows.Functions.Triggers.Blob;

/// <summary>The receipts of one watch: one per reported blob version, <c>{watch}:{container}/{name}@{etag}</c>.</summary>
internal sealed class ReceiptBook
{
    private readonly IOrchestrationStore _store;
    private readonly string _keyPrefix;
    private readonly Lock _lock = new();

    // Keys without the watch's prefix (name@etag), to keep memory at about the blob names',
    // each with the listing during which it was learnt.
    private Dictionary<string, long> _known = new(StringComparer.Ordinal);
    private long _listing;

    // Versions found gone (store keys), with when: their receipts wait here to be deleted.
    private readonly Dictionary<string, DateTimeOffset> _gone = new(StringComparer.Ordinal);

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
            return _known.ContainsKey(LocalKey(blob)) || _gone.ContainsKey(KeyOf(blob));
        }
    }

    /// <summary>Records versions this host just reported.</summary>
    public void AddRange(IEnumerable<BlobVersion> blobs)
    {
        lock (_lock)
        {
            foreach (var blob in blobs)
            {
                _known.TryAdd(LocalKey(blob), _listing);
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
                _known.TryAdd(key[_keyPrefix.Length..], _listing);
            }
        }
    }

    /// <summary>Marks the start of a listing; pass what it returns to <see cref="RetainOnly"/>.</summary>
    public long BeginListing()
    {
        lock (_lock)
        {
            return ++_listing;
        }
    }

    /// <summary>
    /// After a complete listing, keeps only the receipts of versions it saw; those known
    /// before it began that it did not see are versions that can never be listed again, and
    /// are held (from <paramref name="now"/>) until <see cref="GoneSince"/> hands them out.
    /// </summary>
    /// <param name="listed">Every version the complete listing saw.</param>
    /// <param name="listing">What <see cref="BeginListing"/> returned before the listing began.</param>
    /// <param name="now">When the listing ended.</param>
    public void RetainOnly(IReadOnlyCollection<BlobVersion> listed, long listing, DateTimeOffset now)
    {
        var seen = new HashSet<string>(listed.Count, StringComparer.Ordinal);
        foreach (var blob in listed)
        {
            seen.Add(LocalKey(blob));
        }

        lock (_lock)
        {
            var kept = new Dictionary<string, long>(Math.Min(seen.Count, _known.Count), StringComparer.Ordinal);
            foreach (var (key, learnt) in _known)
            {
                if (seen.Contains(key))
                {
                    kept.Add(key, learnt);
                }
                else if (learnt < listing)
                {
                    _gone.TryAdd(_keyPrefix + key, now);
                }
            }

            _known = kept;
        }
    }

    /// <summary>The store keys of versions found gone at or before <paramref name="cutoff"/>: receipts the store may delete.</summary>
    public List<string> GoneSince(DateTimeOffset cutoff)
    {
        lock (_lock)
        {
            return [.. _gone.Where(g => g.Value <= cutoff).Select(g => g.Key)];
        }
    }

    /// <summary>Drops keys whose receipts the store has deleted.</summary>
    public void Forgotten(IEnumerable<string> keys)
    {
        lock (_lock)
        {
            foreach (var key in keys)
            {
                _gone.Remove(key);
            }
        }
    }

    /// <summary>How many versions found gone still have their receipts waiting to be deleted.</summary>
    public int GoneCount
    {
        get
        {
            lock (_lock)
            {
                return _gone.Count;
            }
        }
    }

    private static string LocalKey(BlobVersion blob) => blob.Name + "@" + blob.ETag;
}
