using Azure.Core;
using Azure.Core.Pipeline;

namespace EdgeFlows.Activities.Images;

/// <summary>
/// Adds each attempt's request body length to the message's <see cref="ByteMeter"/>: a per-retry
/// policy after authentication, so retried and re-authenticated sends are counted as the bytes
/// they put on the wire.
/// </summary>
internal sealed class ByteCountingPolicy : HttpPipelineSynchronousPolicy
{
    public static ByteCountingPolicy Shared { get; } = new();

    public override void OnSendingRequest(HttpMessage message)
    {
        if (RegistryMessageProperties.GetMeter(message) is { } meter &&
            message.Request.Content is { } content && content.TryComputeLength(out var length))
        {
            meter.Add(length);
        }
    }
}
