using ShareHost.Features.Mounts.Mount;

namespace ShareHost.Tests.Features.Mounts;

/// <summary>A mount's client, normalised so the same client always finds its own leases.</summary>
public sealed class ClientAddressTests
{
    [TestCase("10.0.0.5", "10.0.0.5")]
    [TestCase(" 10.0.0.5 ", "10.0.0.5")]
    [TestCase("010.000.0.05", "10.0.0.5")]
    [TestCase("0.0.0.0", "0.0.0.0")]
    [TestCase("255.255.255.255", "255.255.255.255")]
    [TestCase("FE80::0001", "fe80::1")]
    [TestCase("Client-7.Example.COM.", "client-7.example.com")]
    public void Normalize_OneClient_GivesItsCanonicalForm(string input, string expected)
    {
        Assert.That(ClientAddress.TryNormalize(input, out var normalized), Is.True);
        Assert.That(normalized, Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase("256.0.0.1")]
    [TestCase("1.2.3")]
    [TestCase("1.2.3.4.5")]
    [TestCase("1..3.4")]
    [TestCase("1.2.3.4.")]
    [TestCase("0001.2.3.4")]
    [TestCase("host.123")]
    [TestCase("-bad.example")]
    [TestCase("10.0.0.0/24")]
    [TestCase("fe80::1/64")]
    public void Normalize_NotOneClient_IsRefused(string input)
    {
        Assert.That(ClientAddress.TryNormalize(input, out _), Is.False);
    }

    [Test]
    public void Normalize_CanonicalIPv4_IsItsOwnNormalForm()
    {
        // The mount path normalises every request's client: the common case must not allocate a copy.
        var client = string.Concat("192.168.", "1.20");
        ClientAddress.TryNormalize(client, out var normalized);
        Assert.That(normalized, Is.SameAs(client));
    }
}
