using System.Text;
using EdgeFlows.Activities.Webhooks;
using EdgeFlows.Samples.Demo.Receiver;

namespace EdgeFlows.Samples.Tests.Demo;

/// <summary>The demo's own signature check against messages signed by EdgeFlows' sender code.</summary>
public sealed class StandardWebhooksVerifierTests
{
    private static readonly string Secret = StandardWebhookSignature.GenerateSecret();
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"type":"io.edgeflows.retrain.succeeded"}""");

    [Fact]
    public void Check_SignedByEdgeFlows_Passes()
    {
        var signature = StandardWebhookSignature.Sign(Secret, "evt_1", Now.ToUnixTimeSeconds(), Body);

        Assert.Null(new StandardWebhooksVerifier(Secret).Check("evt_1", Stamp(Now), signature, Body, Now));
    }

    [Fact]
    public void Check_BodyChanged_Fails()
    {
        var signature = StandardWebhookSignature.Sign(Secret, "evt_1", Now.ToUnixTimeSeconds(), Body);
        var changed = Encoding.UTF8.GetBytes("""{"type":"io.edgeflows.retrain.rejected"}""");

        Assert.Equal("no v1 signature matches", new StandardWebhooksVerifier(Secret).Check("evt_1", Stamp(Now), signature, changed, Now));
    }

    [Fact]
    public void Check_OtherSecret_Fails()
    {
        var signature = StandardWebhookSignature.Sign(StandardWebhookSignature.GenerateSecret(), "evt_1", Now.ToUnixTimeSeconds(), Body);

        Assert.NotNull(new StandardWebhooksVerifier(Secret).Check("evt_1", Stamp(Now), signature, Body, Now));
    }

    [Fact]
    public void Check_IdChanged_Fails()
    {
        var signature = StandardWebhookSignature.Sign(Secret, "evt_1", Now.ToUnixTimeSeconds(), Body);

        Assert.NotNull(new StandardWebhooksVerifier(Secret).Check("evt_2", Stamp(Now), signature, Body, Now));
    }

    [Fact]
    public void Check_TimestampSixMinutesOld_Fails()
    {
        var sent = Now.AddMinutes(-6);
        var signature = StandardWebhookSignature.Sign(Secret, "evt_1", sent.ToUnixTimeSeconds(), Body);

        Assert.StartsWith("the timestamp", new StandardWebhooksVerifier(Secret).Check("evt_1", Stamp(sent), signature, Body, Now), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_OneOfSeveralSignaturesMatches_Passes()
    {
        // A sender rotating its secret signs with both; a receiver accepts either.
        var old = StandardWebhookSignature.Sign(StandardWebhookSignature.GenerateSecret(), "evt_1", Now.ToUnixTimeSeconds(), Body);
        var current = StandardWebhookSignature.Sign(Secret, "evt_1", Now.ToUnixTimeSeconds(), Body);

        Assert.Null(new StandardWebhooksVerifier(Secret).Check("evt_1", Stamp(Now), $"{old} {current}", Body, Now));
    }

    [Fact]
    public void Check_SignatureHeaderMissing_Fails()
    {
        Assert.NotNull(new StandardWebhooksVerifier(Secret).Check("evt_1", Stamp(Now), null, Body, Now));
    }

    [Fact]
    public void Constructor_SecretWithoutPrefix_Throws()
    {
        Assert.Throws<FormatException>(() => new StandardWebhooksVerifier(Secret["whsec_".Length..]));
    }

    private static string Stamp(DateTimeOffset time) => time.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
}
