using ShareHost.Features.ShareTypes;
using ShareHost.Features.ShareTypes.ListShareTypes;

namespace ShareHost.Tests.Features.ShareTypes;

public sealed class ShareTypeListQueryTests
{
    private static readonly ShareType Gold = new()
    {
        Id = "1",
        Name = "gold",
        ExtraSpecs = new() { ["snapshot_support"] = "<is> True", ["replication_type"] = "dr", ["vendor:tier"] = "Gold" },
    };

    [TestCase("snapshot_support", "True", true)]
    [TestCase("snapshot_support", "true", true)]
    [TestCase("snapshot_support", "False", false)]
    [TestCase("replication_type", "dr", true)]
    [TestCase("replication_type", "DR", false)]
    [TestCase("vendor:tier", "Gold", true)]
    [TestCase("vendor:tier", "gold", false)]
    [TestCase("dedupe", "True", false)]
    public void Matches_OneSpec_ComparesValuesAsManilaDoesWithBooleanEquivalence(string key, string value, bool expected)
    {
        var query = new ShareTypeListQuery(true, new Dictionary<string, string> { [key] = value });

        var matches = query.Matches(Gold);

        Assert.That(matches, Is.EqualTo(expected));
    }

    [Test]
    public void Matches_NoFilter_MatchesEveryType()
    {
        var query = new ShareTypeListQuery(null, new Dictionary<string, string>());

        var matches = query.Matches(Gold);

        Assert.That(matches, Is.True);
    }
}
