using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using EdgeFlows.Activities.Images;

namespace EdgeFlows.Activities.Tests.Images;

public sealed class ModelLayerTests : IDisposable
{
    private readonly string _staging = Path.Combine(Path.GetTempPath(), $"edgeflows-layer-tests-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_staging))
        {
            Directory.Delete(_staging, recursive: true);
        }
    }

    [Fact]
    public async Task BuildAsync_SameFilesTwice_SameDigestsAndBytes()
    {
        using var first = await BuildAsync(TestImages.ModelFiles(seed: 1));
        await Task.Delay(1100); // a wall-clock second passes: nothing time-dependent may reach the layer
        using var second = await BuildAsync(TestImages.ModelFiles(seed: 1));

        Assert.Equal((first.Descriptor, first.DiffId), (second.Descriptor, second.DiffId));
        Assert.Equal(await File.ReadAllBytesAsync(first.StagedPath), await File.ReadAllBytesAsync(second.StagedPath));
    }

    [Fact]
    public async Task BuildAsync_ChangedFile_DifferentDigest()
    {
        using var first = await BuildAsync(TestImages.ModelFiles(seed: 1));
        using var second = await BuildAsync(TestImages.ModelFiles(seed: 2));

        Assert.NotEqual(first.Descriptor.Digest, second.Descriptor.Digest);
    }

    [Fact]
    public async Task BuildAsync_Digests_AreOfCompressedFileAndUncompressedTar()
    {
        using var layer = await BuildAsync(TestImages.ModelFiles(seed: 1));

        var compressed = await File.ReadAllBytesAsync(layer.StagedPath);
        Assert.Equal(layer.Descriptor.Digest, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(compressed)));
        Assert.Equal(layer.Descriptor.Size, compressed.Length);
        Assert.Equal(layer.DiffId, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Decompress(compressed))));
    }

    [Fact]
    public async Task BuildAsync_Entries_SortedWithParentDirectoriesAndFixedMetadata()
    {
        using var layer = await BuildAsync(TestImages.ModelFiles(seed: 1));

        var entries = ReadEntries(layer);
        Assert.Equal(["app/", "app/score.py", "models/", "models/churn/", "models/churn/metrics.json", "models/churn/model.bin"], entries.Select(e => e.Name));
        Assert.All(entries, e => Assert.Equal((0, 0, DateTimeOffset.UnixEpoch.AddSeconds(1)), (e.Uid, e.Gid, e.ModificationTime)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, entries.Single(e => e.Name == "models/churn/model.bin").Mode);
        Assert.True(entries.Single(e => e.Name == "app/score.py").Mode.HasFlag(UnixFileMode.UserExecute));
        Assert.Equal(TarEntryType.Directory, entries.Single(e => e.Name == "models/").EntryType);
        Assert.Equal(TestImages.ModelContent(1), entries.Single(e => e.Name == "models/churn/model.bin").Content);
    }

    [Fact]
    public async Task BuildAsync_PathLongerThanUstarAllows_ReadsBackWhole()
    {
        var longName = "models/" + new string('m', 150) + "/" + new string('w', 120) + ".bin";

        using var layer = await BuildAsync([ImageFile.FromBytes(longName, Encoding.UTF8.GetBytes("weights"))]);

        var file = ReadEntries(layer).Single(e => e.EntryType == TarEntryType.RegularFile);
        Assert.Equal((longName, "weights"), (file.Name, Encoding.UTF8.GetString(file.Content)));
    }

    [Fact]
    public async Task BuildAsync_UnseekableStreamOfUnknownLength_IsSpooledAndWritten()
    {
        var content = TestImages.ModelContent(3, 10_000);
        var file = new ImageFile("model.bin", _ => Task.FromResult<Stream>(new UnseekableStream(content)));

        using var layer = await BuildAsync([file]);

        Assert.Equal(content, ReadEntries(layer).Single().Content);
    }

    [Fact]
    public async Task BuildAsync_StreamShorterThanItsLength_ThrowsNamingTheFile()
    {
        var file = new ImageFile("model.bin", _ => Task.FromResult<Stream>(new UnseekableStream(new byte[10]))) { Length = 20 };

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => BuildAsync([file]));

        Assert.Contains("'model.bin' ended after 10 bytes; 20 were expected", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_staging));
    }

    [Theory]
    [InlineData("models/../etc/passwd")]
    [InlineData("models//x")]
    [InlineData("models/")]
    [InlineData("/")]
    [InlineData("a\\b")]
    public void ImageFile_InvalidPath_ThrowsArgument(string path)
    {
        Assert.Throws<ArgumentException>(() => ImageFile.FromBytes(path, new byte[1]));
    }

    private Task<ModelLayer> BuildAsync(IReadOnlyList<ImageFile> files) =>
        ModelLayer.BuildAsync(files, _staging, CompressionLevel.Fastest, CancellationToken.None);

    private static byte[] Decompress(byte[] compressed)
    {
        using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var tar = new MemoryStream();
        gzip.CopyTo(tar);
        return tar.ToArray();
    }

    private static List<Entry> ReadEntries(ModelLayer layer)
    {
        using var reader = new TarReader(new MemoryStream(Decompress(File.ReadAllBytes(layer.StagedPath))));
        var entries = new List<Entry>();
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            using var data = new MemoryStream();
            entry.DataStream?.CopyTo(data);
            entries.Add(new Entry(entry.Name, entry.EntryType, entry.Uid, entry.Gid, entry.ModificationTime, entry.Mode, data.ToArray()));
        }

        return entries;
    }

    private sealed record Entry(string Name, TarEntryType EntryType, int Uid, int Gid, DateTimeOffset ModificationTime, UnixFileMode Mode, byte[] Content);

    private sealed class UnseekableStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}
