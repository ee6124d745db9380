using EdgeFlows.Functions.Pipeline;
using EdgeFlows.Functions.Pipeline.Configuration;

namespace EdgeFlows.Functions.Tests.Pipeline.Planning;

public sealed class SecretRedactorTests
{
    private readonly SecretRedactor _redactor = new(["planted-webhook-secret-42", "short"]);

    [Theory]
    [InlineData("GET http://127.0.0.1:10000/acct/c/b.csv?sv=2019-07-07&sr=b&sp=r&sig=AbC%2Bdef%3D&se=2030 failed", "sig=***")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=a;AccountKey=QUJDREVGR0g=;EndpointSuffix=x", "AccountKey=***")]
    [InlineData("BlobEndpoint=https://x;SharedAccessSignature=sv=2019&sig=abc", "SharedAccessSignature=***")]
    [InlineData("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig", "Bearer ***")]
    [InlineData("secret is whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_***")]
    [InlineData("echo planted-webhook-secret-42 >> log", "echo *** >> log")]
    public void Redact_TextHoldingASecret_MasksIt(string text, string expected)
    {
        var redacted = _redactor.Redact(text)!;

        Assert.Contains(expected, redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("AbC%2Bdef", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("QUJDREVGR0g=", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("planted-webhook-secret-42", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJzdWIiOiIxIn0", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_PrivateKeyBlock_MasksTheWholeBlock()
    {
        var text = "key:\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----\ndone";

        var redacted = _redactor.Redact(text)!;

        Assert.DoesNotContain("b3BlbnNzaC1rZXktdjEAAAAABG5vbmU", redacted, StringComparison.Ordinal);
        Assert.EndsWith("done", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void For_WebhookSecretBeingRotated_MasksTheOldSecretToo()
    {
        const string previousKey = "T2xkU2VjcmV0T2xkU2VjcmV0T2xkU2VjcmV0IQ==";
        var options = new RetrainPipelineOptions();
        options.Webhooks.Endpoints["ops"] = new WebhookOptions { Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", PreviousSecret = "whsec_" + previousKey };

        var redacted = SecretRedactor.For(options).Redact($"signed with {previousKey} and whsec_{previousKey}")!;

        Assert.DoesNotContain(previousKey, redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_OrdinaryText_IsUnchanged()
    {
        const string text = "epoch 3: loss 0.25, accuracy 0.97 (short run)";

        Assert.Equal(text, _redactor.Redact(text));
    }
}
