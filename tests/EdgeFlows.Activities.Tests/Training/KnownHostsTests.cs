// The managed ssh client's known_hosts reading, against OpenSSH's rules (sshd(8) "SSH_KNOWN_HOSTS
// FILE FORMAT"). Hashed names are made by OpenSSH's own ssh-keygen -H where it matters.
using System.Diagnostics;
using EdgeFlows.Activities.Training.Ssh;

namespace EdgeFlows.Activities.Tests.Training;

public sealed class KnownHostsTests
{
    private static readonly byte[] KeyA = Convert.FromBase64String("AAAAC3NzaC1lZDI1NTE5AAAAIHb0Qm1n2Vn5u1Jt8Nw7Jz2kq1xgqz7o2p5u5b2G7B9a");
    private static readonly byte[] KeyB = Convert.FromBase64String("AAAAC3NzaC1lZDI1NTE5AAAAIC1m2Vn5u1Jt8Nw7Jz2kq1xgqz7o2p5u5b2G7B9aQm1n");
    private static readonly string A = Convert.ToBase64String(KeyA);
    private static readonly string B = Convert.ToBase64String(KeyB);

    [Theory]
    [InlineData("vm1.example ssh-ed25519 {A}", "vm1.example", 22)]
    [InlineData("VM1.Example ssh-ed25519 {A} comment words", "vm1.example", 22)]
    [InlineData("[10.0.0.4]:2222 ssh-ed25519 {A}", "10.0.0.4", 2222)]
    [InlineData("other,vm1.example ssh-ed25519 {A}", "vm1.example", 22)]
    [InlineData("*.example ssh-ed25519 {A}", "vm1.example", 22)]
    [InlineData("vm?.example ssh-ed25519 {A}", "vm1.example", 22)]
    [InlineData("[10.0.0.*]:2222 ssh-ed25519 {A}", "10.0.0.4", 2222)]
    public void Check_LineForHostWithKey_Trusted(string line, string host, int port)
    {
        var known = KnownHosts.Parse([line.Replace("{A}", A, StringComparison.Ordinal)], host, port);

        Assert.Equal(HostKeyVerdict.Trusted, known.Check(KeyA));
        Assert.Equal(["ssh-ed25519"], known.KeyTypes);
    }

    [Theory]
    [InlineData("vm1.example ssh-ed25519 {A}", "vm1.example", 2222)] // pinned for port 22 only
    [InlineData("[vm1.example]:2222 ssh-ed25519 {A}", "vm1.example", 22)]
    [InlineData("vm10.example ssh-ed25519 {A}", "vm1.example", 22)]
    [InlineData("*.example,!vm1.example ssh-ed25519 {A}", "vm1.example", 22)] // negated
    [InlineData("# vm1.example ssh-ed25519 {A}", "vm1.example", 22)]
    [InlineData("@cert-authority vm1.example ssh-ed25519 {A}", "vm1.example", 22)] // certificates are not accepted
    [InlineData("vm1.example ssh-ed25519", "vm1.example", 22)] // malformed
    [InlineData("vm1.example ssh-ed25519 not*base64", "vm1.example", 22)]
    public void Check_NoUsableLineForHost_NotPinned(string line, string host, int port)
    {
        var known = KnownHosts.Parse([line.Replace("{A}", A, StringComparison.Ordinal)], host, port);

        Assert.Equal(HostKeyVerdict.NotPinned, known.Check(KeyA));
        Assert.Empty(known.KeyTypes);
    }

    [Fact]
    public void Check_HostPinnedWithAnotherKey_Changed()
    {
        var known = KnownHosts.Parse([$"vm1.example ssh-ed25519 {B}", $"vm2.example ssh-ed25519 {A}"], "vm1.example", 22);

        Assert.Equal(HostKeyVerdict.Changed, known.Check(KeyA));
    }

    [Fact]
    public void Check_SecondLineHoldsTheKey_Trusted()
    {
        var known = KnownHosts.Parse([$"vm1.example ssh-ed25519 {B}", $"vm1.example ssh-ed25519 {A}"], "vm1.example", 22);

        Assert.Equal(HostKeyVerdict.Trusted, known.Check(KeyA));
    }

    [Fact]
    public void Check_KeyRevokedForAnyHost_Revoked()
    {
        var known = KnownHosts.Parse([$"vm1.example ssh-ed25519 {A}", $"@revoked * ssh-ed25519 {A}"], "vm1.example", 22);

        Assert.Equal(HostKeyVerdict.Revoked, known.Check(KeyA));
        Assert.Equal(HostKeyVerdict.Changed, known.Check(KeyB));
    }

    [Theory]
    [InlineData("vm1.example", 22)]
    [InlineData("10.0.0.4", 2222)]
    public async Task Check_NameHashedBySshKeygen_Trusted(string host, int port)
    {
        var file = Path.Join(TestFolders.Create("hashed"), "known_hosts");
        var name = port == 22 ? host : $"[{host}]:{port}";
        await File.WriteAllTextAsync(file, $"{name} ssh-ed25519 {A}\n");
        using (var keygen = Process.Start("ssh-keygen", ["-H", "-f", file])!)
        {
            await keygen.WaitForExitAsync();
            Assert.Equal(0, keygen.ExitCode);
        }

        var lines = await File.ReadAllLinesAsync(file);
        Assert.StartsWith("|1|", lines[0], StringComparison.Ordinal);

        Assert.Equal(HostKeyVerdict.Trusted, KnownHosts.Load(file, host, port).Check(KeyA));
        Assert.Equal(HostKeyVerdict.NotPinned, KnownHosts.Load(file, host, port + 1).Check(KeyA));
        Assert.Equal(HostKeyVerdict.NotPinned, KnownHosts.Load(file, "vm9.example", port).Check(KeyA));
    }
}
