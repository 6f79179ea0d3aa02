using ShareHost.Features.Shares;

namespace ShareHost.Tests.Features.Shares;

public sealed class DriverSharesTests
{
    private static readonly ShareInstanceRecord Instance = new() { Id = "i1", ShareId = "s1", Pool = "pool-a" };

    [Test]
    public void For_TokenGrantedSinceTheRowWasRead_CarriesTheLaterToken()
    {
        var row = new ShareRecord { Id = "s1", FencingToken = 4 };

        var share = DriverShares.For(row, Instance, null, [], latestToken: 9);

        Assert.That(share.FencingToken, Is.EqualTo(9));
    }

    [Test]
    public void For_RowNewerThanWhatThisProcessGranted_CarriesTheRowsToken()
    {
        var row = new ShareRecord { Id = "s1", FencingToken = 12 };

        var share = DriverShares.For(row, Instance, null, [], latestToken: 9);

        Assert.That(share.FencingToken, Is.EqualTo(12));
    }
}
