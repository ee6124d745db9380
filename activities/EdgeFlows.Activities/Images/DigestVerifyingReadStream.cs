// Wraps a downloaded blob so a corrupted or substituted blob cannot pass unnoticed: the bytes
// are hashed as they are read and the end of the stream throws when the digest or size differ
// from the descriptor's.
using System.Security.Cryptography;

namespace EdgeFlows.Activities.Images;

internal sealed class DigestVerifyingReadStream : Stream
{
    private readonly Stream _inner;
    private readonly string _expectedDigest;
    private readonly long? _expectedSize;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly IDisposable? _owner;
    private long _read;
    private bool _verified;

    public DigestVerifyingReadStream(Stream inner, string expectedDigest, long? expectedSize, IDisposable? owner = null)
    {
        _inner = inner;
        _expectedDigest = expectedDigest;
        _expectedSize = expectedSize;
        _owner = owner;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _expectedSize ?? throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = _inner.Read(buffer);
        return Account(buffer[..n]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span[..n]);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            _inner.Dispose();
            _owner?.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Account(ReadOnlySpan<byte> data)
    {
        if (data.Length > 0)
        {
            _hash.AppendData(data);
            _read += data.Length;
            if (_read > _expectedSize)
            {
                throw new InvalidDataException($"Blob {_expectedDigest} is longer than its descriptor's {_expectedSize} bytes.");
            }

            return data.Length;
        }

        if (!_verified)
        {
            _verified = true;
            var actual = OciDigest.Format(_hash.GetHashAndReset());
            if (_expectedSize is { } size && _read != size)
            {
                throw new InvalidDataException($"Blob {_expectedDigest} ended after {_read} bytes; its descriptor says {size}.");
            }

            if (actual != _expectedDigest)
            {
                throw new InvalidDataException($"Blob content does not match its digest: expected {_expectedDigest}, received {actual}.");
            }
        }

        return 0;
    }
}
