// Builds the model layer in one pass: files → deterministic tar → gzip → a staging file, with
// the uncompressed stream hashed for the config's diff_id and the compressed one for the
// layer's digest on the way. Entries are the files plus their parent directories, sorted by
// path (so a parent always precedes its children); see DeterministicTarWriter for the fixed
// metadata. The same files give the same digests.
using System.IO.Compression;

namespace EdgeFlows.Activities.Images;

/// <summary>A compressed model layer staged in a file, deleted on dispose unless moved.</summary>
internal sealed class ModelLayer : IDisposable
{
    private ModelLayer(string path, OciDescriptor descriptor, string diffId)
    {
        StagedPath = path;
        Descriptor = descriptor;
        DiffId = diffId;
    }

    public string StagedPath { get; }

    public OciDescriptor Descriptor { get; }

    /// <summary>The digest of the uncompressed tar, listed in the config's <c>rootfs.diff_ids</c>.</summary>
    public string DiffId { get; }

    public static async Task<ModelLayer> BuildAsync(IReadOnlyList<ImageFile> files, string stagingDirectory, CompressionLevel level, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(stagingDirectory);
        var path = Path.Combine(stagingDirectory, $".edgeflows-layer-{Guid.NewGuid():N}.tmp");
        try
        {
            string digest, diffId;
            long size;
            var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                var compressed = new HashingWriteStream(file, leaveOpen: true);
                var gzip = new GZipStream(compressed, level, leaveOpen: true);
                var tar = new HashingWriteStream(gzip, leaveOpen: true);
                await using (compressed.ConfigureAwait(false))
                await using (gzip.ConfigureAwait(false))
                await using (tar.ConfigureAwait(false))
                {
                    await WriteTarAsync(files, tar, stagingDirectory, cancellationToken).ConfigureAwait(false);
                    diffId = tar.FinishDigest();
                    await gzip.DisposeAsync().ConfigureAwait(false); // writes the gzip trailer
                    digest = compressed.FinishDigest();
                    size = compressed.BytesWritten;
                }

                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            return new ModelLayer(path, new OciDescriptor(OciMediaTypes.LayerTarGzip, digest, size), diffId);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>Moves the staged file to <paramref name="destination"/> (replacing nothing; the caller checked).</summary>
    public void MoveTo(string destination) => File.Move(StagedPath, destination, overwrite: true);

    public void Dispose() => File.Delete(StagedPath);

    private static async Task WriteTarAsync(IReadOnlyList<ImageFile> files, Stream output, string stagingDirectory, CancellationToken cancellationToken)
    {
        var writer = new DeterministicTarWriter(output);
        var byPath = files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var directories = files.SelectMany(f => Parents(f.Path)).ToHashSet(StringComparer.Ordinal);
        foreach (var entry in directories.Concat(byPath.Keys).Order(StringComparer.Ordinal))
        {
            if (!byPath.TryGetValue(entry, out var file))
            {
                await writer.WriteDirectoryAsync(entry, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var stream = await file.Open(cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Opening the image file '{file.Path}' returned no stream.");
            await using (stream.ConfigureAwait(false))
            {
                if (stream.CanSeek || file.Length is not null)
                {
                    var length = file.Length ?? stream.Length - stream.Position;
                    await writer.WriteFileAsync(file.Path, stream, length, file.Executable, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                // A tar header states the size before the data: spool a stream of unknown length first.
                var spool = new FileStream(Path.Combine(stagingDirectory, $".edgeflows-spool-{Guid.NewGuid():N}.tmp"), FileMode.CreateNew,
                    FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
                await using (spool.ConfigureAwait(false))
                {
                    await stream.CopyToAsync(spool, cancellationToken).ConfigureAwait(false);
                    spool.Position = 0;
                    await writer.WriteFileAsync(file.Path, spool, spool.Length, file.Executable, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        await writer.FinishAsync(cancellationToken).ConfigureAwait(false);
    }

    private static IEnumerable<string> Parents(string path)
    {
        for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            yield return path[..slash];
        }
    }
}
