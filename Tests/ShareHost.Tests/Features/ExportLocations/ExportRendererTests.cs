using ShareHost.Features.ExportLocations;

namespace ShareHost.Tests.Features.ExportLocations;

public sealed class ExportRendererTests
{
    [TestCase("NFS", "127.0.0.1", "/shares/s1")]
    [TestCase("NFS", "::1", "/shares/s1")]
    [TestCase("CIFS", "127.0.0.1", "s1")]
    [TestCase("CIFS", "127.0.0.1", "/data/s1")]
    public void StoredPathCandidates_RenderedPath_IncludeTheStoredPath(string protocol, string address, string stored)
    {
        var rendered = ExportRenderer.Format(address, protocol, stored);

        var candidates = ExportRenderer.StoredPathCandidates(rendered);

        Assert.That(candidates, Does.Contain(stored));
    }

    [Test]
    public void StoredPathCandidates_StoredPath_IsItself()
    {
        var candidates = ExportRenderer.StoredPathCandidates("/shares/s1");

        Assert.That(candidates, Is.EqualTo(new[] { "/shares/s1" }));
    }
}
