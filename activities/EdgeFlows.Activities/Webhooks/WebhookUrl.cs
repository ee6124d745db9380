// Webhook URLs often carry their credential in the URL itself (user info, a token in the query,
// or the path, as Slack's and Teams' hooks do), so a URL is logged and reported by its origin only.
namespace EdgeFlows.Activities.Webhooks;

internal static class WebhookUrl
{
    /// <summary><c>scheme://host:port</c>, plus <c>/…</c> when the URL had a path or query.</summary>
    public static string Redact(Uri url)
    {
        if (!url.IsAbsoluteUri)
        {
            return "(relative URL)";
        }

        // Authority is host and port without the user info.
        var origin = $"{url.Scheme}://{url.Authority}";
        return url.PathAndQuery is "/" or "" ? origin : origin + "/…";
    }
}
