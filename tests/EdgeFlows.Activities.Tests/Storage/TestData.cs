using System.Security.Cryptography;
using System.Text;
using EdgeFlows.Activities.Storage;

namespace EdgeFlows.Activities.Tests.Storage;

internal static class TestData
{
    public static byte[] Bytes(int length, int seed = 1)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

#pragma warning disable CA5351 // Content-MD5 is what the service stores; checking it needs MD5.
    public static string MD5Base64(byte[] data) => Convert.ToBase64String(MD5.HashData(data));
#pragma warning restore CA5351

    public static async Task<byte[]> DownloadBytesAsync(BlobStorageClient client, string container, string blob)
    {
        await using var download = await client.DownloadAsync(container, blob);
        using var copy = new MemoryStream();
        await download.Content.CopyToAsync(copy);
        return copy.ToArray();
    }

    public static Task<BlobUploadResult> UploadAsync(BlobStorageClient client, string container, string blob, byte[] data, BlobUploadOptions? options = null) =>
        client.UploadAsync(container, blob, new MemoryStream(data), options);
}

/// <summary>A stream that only reads forward and hands out few bytes per read, like a socket.</summary>
internal sealed class TrickleStream(byte[] data, int maxChunk) : Stream
{
    private int _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = Math.Min(Math.Min(count, maxChunk), data.Length - _position);
        Array.Copy(data, _position, buffer, offset, n);
        _position += n;
        return n;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
