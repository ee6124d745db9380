namespace EdgeFlows.Activities.Storage;

/// <summary>
/// Reads an upload as full blocks: first the bytes already read to decide single put versus
/// blocks, then the rest of the stream. Only a block's worth is ever asked of the stream.
/// </summary>
internal sealed class BlockSource(ReadOnlyMemory<byte> head, Stream rest)
{
    private ReadOnlyMemory<byte> _head = head;

    /// <summary>Fills <paramref name="buffer"/> as far as the content goes; 0 at the end.</summary>
    public async Task<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var fromHead = Math.Min(_head.Length, buffer.Length);
        _head[..fromHead].CopyTo(buffer);
        _head = _head[fromHead..];
        return fromHead + await FillAsync(rest, buffer[fromHead..], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads until <paramref name="buffer"/> is full or the stream ends (a single ReadAsync may
    /// return fewer bytes than asked for even mid-stream).
    /// </summary>
    public static async Task<int> FillAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer[total..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
