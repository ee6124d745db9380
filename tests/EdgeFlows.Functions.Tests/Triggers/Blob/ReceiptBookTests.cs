// Which receipts a watch may delete from the store after a complete listing: only those it
// knew before the listing began and the listing did not see, and only after the grace time.
// One learnt during the listing (another host reported a version this listing had already
// passed) stays in the store until a later listing finds it gone.
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Stores.Sqlite;
using EdgeFlows.Functions.Tests.Infrastructure;
using EdgeFlows.Functions.Triggers.Blob;

namespace EdgeFlows.Functions.Tests.Triggers.Blob;

public sealed class ReceiptBookTests
{
    private static readonly DateTimeOffset When = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static async Task<SqliteOrchestrationStore> OpenStoreAsync(TempDirectory directory)
    {
        var store = new SqliteOrchestrationStore(new SqliteStoreOptions { DataSource = directory.File("store.db") });
        await store.InitializeAsync();
        return store;
    }

    private static BlobVersion Version(string name, string etag) => new(name, etag, 10, When);

    [Fact]
    public async Task RetainOnly_KnownBeforeAndNotListed_GoneFromTheListingsEnd()
    {
        using var directory = new TempDirectory();
        await using var store = await OpenStoreAsync(directory);
        var book = new ReceiptBook(store, "w", "c");
        book.AddRange([Version("a.csv", "1"), Version("b.csv", "1")]);

        var listing = book.BeginListing();
        book.RetainOnly([Version("a.csv", "2"), Version("b.csv", "1")], listing, When);

        Assert.Empty(book.GoneSince(When.AddTicks(-1)));
        Assert.Equal(["w:c/a.csv@1"], book.GoneSince(When));
        Assert.True(book.Contains(Version("b.csv", "1")));
        Assert.True(book.Contains(Version("a.csv", "1"))); // a late report of it is still refused
    }

    [Fact]
    public async Task Forgotten_Keys_NoLongerGoneNorKnown()
    {
        using var directory = new TempDirectory();
        await using var store = await OpenStoreAsync(directory);
        var book = new ReceiptBook(store, "w", "c");
        book.AddRange([Version("a.csv", "1")]);
        book.RetainOnly([], book.BeginListing(), When);

        book.Forgotten(book.GoneSince(When));

        Assert.Equal(0, book.GoneCount);
        Assert.False(book.Contains(Version("a.csv", "1")));
    }

    [Fact]
    public async Task RetainOnly_LearntDuringTheListing_DroppedFromMemoryOnlyThenGoneByTheNext()
    {
        using var directory = new TempDirectory();
        await using var store = await OpenStoreAsync(directory);
        var book = new ReceiptBook(store, "w", "c");
        var listing = book.BeginListing();
        book.AddRange([Version("a.csv", "2")]); // reported by another host after this listing passed a.csv

        book.RetainOnly([Version("a.csv", "1")], listing, When);
        Assert.Equal(0, book.Count);
        Assert.Empty(book.GoneSince(When));

        book.AddRange([Version("a.csv", "2")]);
        book.RetainOnly([Version("a.csv", "2")], book.BeginListing(), When);
        Assert.Empty(book.GoneSince(When));
        book.RetainOnly([], book.BeginListing(), When);
        Assert.Equal(["w:c/a.csv@2"], book.GoneSince(When));
    }

    [Fact]
    public async Task RetainOnly_ReceiptsLoadedFromTheStore_CountAsKnownFromTheirLoad()
    {
        using var directory = new TempDirectory();
        await using var store = await OpenStoreAsync(directory);
        await store.RaiseEventWithReceiptsAsync(
            "watcher", new EventRaised(When.UtcDateTime, "Changed", null), ["w:c/a.csv@1", "w:c/b.csv@1", "other:c/a.csv@1"], new ExecutionStarted(When.UtcDateTime, "Watch", "watcher", "e1", null));
        var book = new ReceiptBook(store, "w", "c");

        await book.RefreshAsync(string.Empty, CancellationToken.None);
        book.RetainOnly([Version("b.csv", "1")], book.BeginListing(), When);
        var gone = book.GoneSince(When);

        Assert.Equal(["w:c/a.csv@1"], gone);
        Assert.Equal(1, await store.DeleteReceiptsAsync(gone));
        Assert.Equal(["other:c/a.csv@1", "w:c/b.csv@1"], (await store.GetReceiptsAsync(string.Empty)).Order(StringComparer.Ordinal));
    }
}
