using System.Text;
using EdgeFlows.Activities.Webhooks;

namespace EdgeFlows.Activities.Tests.Webhooks;

public sealed class StandardWebhookSignatureTests
{
    // The test vector of the Standard Webhooks reference libraries.
    private const string VectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string VectorId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long VectorTimestamp = 1614265330;
    private const string VectorBody = """{"test": 2432232314}""";
    private const string VectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static readonly DateTimeOffset VectorTime = DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp);

    [Fact]
    public void Sign_PublishedTestVector_GivesThePublishedSignature()
    {
        Assert.Equal(VectorSignature, StandardWebhookSignature.Sign(VectorSecret, VectorId, VectorTimestamp, Encoding.UTF8.GetBytes(VectorBody)));
    }

    [Fact]
    public void SpecVerifier_PublishedTestVector_Accepts()
    {
        // The tests' own verifier must agree with the reference libraries before it judges the sender.
        Assert.True(SpecVerifier.Verify(VectorSecret, VectorId, $"{VectorTimestamp}", Encoding.UTF8.GetBytes(VectorBody), VectorSignature, VectorTime));
    }

    [Fact]
    public void Verify_PublishedTestVector_Accepts()
    {
        Assert.True(Verify(VectorBody, VectorSignature, VectorTime));
    }

    [Fact]
    public void Verify_TamperedBody_Rejects()
    {
        Assert.False(Verify("""{"test": 2432232315}""", VectorSignature, VectorTime));
    }

    [Fact]
    public void Verify_TimestampOlderThanTheTolerance_Rejects()
    {
        Assert.False(Verify(VectorBody, VectorSignature, VectorTime.AddMinutes(6)));
    }

    [Fact]
    public void Verify_SeveralSignaturesOneOfThemValid_Accepts()
    {
        var header = $"v1,bm9wZQ== v1a,aGVsbG8= {VectorSignature}";

        Assert.True(Verify(VectorBody, header, VectorTime));
    }

    [Fact]
    public void Verify_OnlyOtherVersionsOrGarbage_Rejects()
    {
        Assert.False(Verify(VectorBody, "v1a,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= v1,%%%", VectorTime));
    }

    [Fact]
    public void Sign_SecretWithoutPrefix_ThrowsWithoutEchoingTheSecret()
    {
        var error = Assert.Throws<ArgumentException>(() => StandardWebhookSignature.Sign("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", VectorId, VectorTimestamp, []));

        Assert.Contains("whsec_", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("MfKQ9r8G", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GenerateSecret_Always_SignsAndVerifiesWithTheSpecVerifier()
    {
        var secret = StandardWebhookSignature.GenerateSecret();
        var body = Encoding.UTF8.GetBytes("{}");

        var signature = StandardWebhookSignature.Sign(secret, "evt_1", VectorTimestamp, body);

        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.True(SpecVerifier.Verify(secret, "evt_1", $"{VectorTimestamp}", body, signature, VectorTime));
    }

    private static bool Verify(string body, string header, DateTimeOffset now) =>
        StandardWebhookSignature.Verify(VectorSecret, VectorId, $"{VectorTimestamp}", Encoding.UTF8.GetBytes(body), header, now);
}
