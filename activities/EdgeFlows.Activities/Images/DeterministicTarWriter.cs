// A minimal POSIX ustar writer for image layers. System.Formats.Tar cannot write an entry from
// an unseekable stream into an unseekable archive (our archive streams into gzip and hashing),
// and a layer must be byte-for-byte reproducible: every entry gets the same mtime, uid/gid 0,
// no user or group names and fixed modes, and nothing else varies. Paths that do not fit the
// ustar name/prefix fields, and sizes of 8 GiB or more, get a PAX extended header.
using System.Globalization;
using System.Text;

namespace EdgeFlows.Activities.Images;

internal sealed class DeterministicTarWriter
{
    /// <summary>
    /// The mtime of every entry: one second past the Unix epoch, not zero, since some tools read
    /// an mtime of 0 as "unset" (Jib chose the same for the same reason).
    /// </summary>
    public const long ModificationTime = 1;

    private const int BlockSize = 512;
    private const long MaxOctalSize = 077777777777; // 11 octal digits: 8 GiB - 1
    private static readonly byte[] Zeros = new byte[BlockSize * 2];

    private readonly Stream _output;

    public DeterministicTarWriter(Stream output) => _output = output;

    public Task WriteDirectoryAsync(string path, CancellationToken cancellationToken) =>
        WriteHeaderAsync(path + "/", size: 0, mode: "0755", typeFlag: (byte)'5', cancellationToken);

    /// <summary>Writes a file entry of exactly <paramref name="size"/> bytes read from <paramref name="content"/>.</summary>
    /// <exception cref="InvalidDataException">The content has fewer or more bytes than <paramref name="size"/>.</exception>
    public async Task WriteFileAsync(string path, Stream content, long size, bool executable, CancellationToken cancellationToken)
    {
        await WriteHeaderAsync(path, size, executable ? "0755" : "0644", (byte)'0', cancellationToken).ConfigureAwait(false);
        var buffer = new byte[81920];
        var remaining = size;
        while (remaining > 0)
        {
            var read = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new InvalidDataException($"The image file '{path}' ended after {size - remaining} bytes; {size} were expected (did it change while the layer was built?).");
            }

            await _output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            remaining -= read;
        }

        if (await content.ReadAsync(buffer.AsMemory(0, 1), cancellationToken).ConfigureAwait(false) > 0)
        {
            throw new InvalidDataException($"The image file '{path}' is longer than the {size} bytes expected (did it change while the layer was built?).");
        }

        await PadAsync(size, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the two zero blocks that end an archive.</summary>
    public Task FinishAsync(CancellationToken cancellationToken) => _output.WriteAsync(Zeros, cancellationToken).AsTask();

    private async Task WriteHeaderAsync(string path, long size, string mode, byte typeFlag, CancellationToken cancellationToken)
    {
        var nameBytes = Encoding.UTF8.GetBytes(path);
        var (prefix, name) = SplitUstarName(nameBytes);
        var needsPax = name is null || size > MaxOctalSize;
        if (needsPax)
        {
            var records = new StringBuilder();
            if (name is null)
            {
                records.Append(PaxRecord("path", path));
            }

            if (size > MaxOctalSize)
            {
                records.Append(PaxRecord("size", size.ToString(CultureInfo.InvariantCulture)));
            }

            var data = Encoding.UTF8.GetBytes(records.ToString());
            // The extended header's own name is fixed, so it adds nothing that varies.
            await _output.WriteAsync(Header([], Encoding.ASCII.GetBytes("PaxHeader"), data.Length, "0644", (byte)'x'), cancellationToken).ConfigureAwait(false);
            await _output.WriteAsync(data, cancellationToken).ConfigureAwait(false);
            await PadAsync(data.Length, cancellationToken).ConfigureAwait(false);
            (prefix, name) = ([], nameBytes[..Math.Min(nameBytes.Length, 100)]);
        }

        await _output.WriteAsync(Header(prefix, name!, Math.Min(size, MaxOctalSize), mode, typeFlag), cancellationToken).ConfigureAwait(false);
    }

    private static byte[] Header(byte[] prefix, byte[] name, long size, string mode, byte typeFlag)
    {
        var header = new byte[BlockSize];
        name.CopyTo(header, 0);
        WriteOctal(header, 100, 8, mode);
        WriteOctal(header, 108, 8, "0");
        WriteOctal(header, 116, 8, "0");
        WriteOctal(header, 124, 12, Convert.ToString(size, 8));
        WriteOctal(header, 136, 12, Convert.ToString(ModificationTime, 8));
        header[156] = typeFlag;
        "ustar\0"u8.CopyTo(header.AsSpan(257));
        "00"u8.CopyTo(header.AsSpan(263));
        prefix.CopyTo(header, 345);

        // The checksum is computed with its own field as eight spaces, then written as six octal digits, NUL, space.
        header.AsSpan(148, 8).Fill((byte)' ');
        var sum = header.Sum(b => (int)b);
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0')).CopyTo(header, 148);
        header[154] = 0;
        header[155] = (byte)' ';
        return header;
    }

    private static void WriteOctal(byte[] header, int offset, int length, string octal) =>
        Encoding.ASCII.GetBytes(octal.PadLeft(length - 1, '0')).CopyTo(header, offset);

    // ustar holds a path as prefix (up to 155 bytes) + '/' + name (up to 100 bytes).
    private static (byte[] Prefix, byte[]? Name) SplitUstarName(byte[] path)
    {
        if (path.Length <= 100)
        {
            return ([], path);
        }

        for (var i = path.Length - 1; i > 0; i--)
        {
            if (path[i] == (byte)'/' && i <= 155 && path.Length - i - 1 <= 100 && path.Length - i - 1 > 0)
            {
                return (path[..i], path[(i + 1)..]);
            }
        }

        return ([], null);
    }

    private static string PaxRecord(string key, string value)
    {
        // "%d %s=%s\n", where the length counts the whole record including its own digits.
        var body = $" {key}={value}\n";
        var bodyLength = Encoding.UTF8.GetByteCount(body);
        var length = bodyLength + 1;
        while (length.ToString(CultureInfo.InvariantCulture).Length + bodyLength != length)
        {
            length = length.ToString(CultureInfo.InvariantCulture).Length + bodyLength;
        }

        return length.ToString(CultureInfo.InvariantCulture) + body;
    }

    private Task PadAsync(long size, CancellationToken cancellationToken)
    {
        var padding = (int)((BlockSize - (size % BlockSize)) % BlockSize);
        return padding == 0 ? Task.CompletedTask : _output.WriteAsync(Zeros.AsMemory(0, padding), cancellationToken).AsTask();
    }
}
