using Azure.Core;
using Azure.Core.Pipeline;

namespace EdgeFlows.Activities.Storage;

/// <summary>
/// Appends a given SAS token (account or service SAS from a connection string) to the query
/// of every request. It runs once per call, before the retry policy, so a retried request
/// does not carry the token twice. Azure.Core's logging redacts <c>sig</c>.
/// </summary>
internal sealed class SharedAccessSignaturePolicy(string sasToken) : HttpPipelineSynchronousPolicy
{
    /// <inheritdoc />
    public override void OnSendingRequest(HttpMessage message)
    {
        foreach (var pair in sasToken.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            // The token is already percent-encoded as issued; encoding it again would break sig.
            message.Request.Uri.AppendQuery(parts[0], parts.Length > 1 ? parts[1] : string.Empty, escapeValue: false);
        }
    }
}
