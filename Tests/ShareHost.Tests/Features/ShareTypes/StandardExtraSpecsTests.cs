using System.Text.Json;
using ShareHost.Features.ShareTypes;

namespace ShareHost.Tests.Features.ShareTypes;

public sealed class StandardExtraSpecsTests
{
    [TestCase("driver_handles_share_servers", "True")]
    [TestCase("driver_handles_share_servers", "false")]
    [TestCase("driver_handles_share_servers", "1")]
    [TestCase("snapshot_support", "<is> True")]
    [TestCase("snapshot_support", "<is>false")]
    [TestCase("create_share_from_snapshot_support", "False")]
    [TestCase("revert_to_snapshot_support", "yes")]
    [TestCase("mount_snapshot_support", "<IS> TRUE")]
    [TestCase("replication_type", "readable")]
    [TestCase("replication_type", "writable")]
    [TestCase("replication_type", "dr")]
    [TestCase("availability_zones", "az1")]
    [TestCase("availability_zones", "az1, az2")]
    [TestCase("provisioning:max_share_size", "1")]
    [TestCase("provisioning:min_share_size", "500")]
    [TestCase("vendor:anything", "goes")]
    [TestCase("dedupe", "<is> True")]
    public void ValueProblem_ValidValue_IsNull(string key, string value)
    {
        var problem = StandardExtraSpecs.ValueProblem(key, value);

        Assert.That(problem, Is.Null);
    }

    [TestCase("driver_handles_share_servers", "<is> True")]
    [TestCase("driver_handles_share_servers", "maybe")]
    [TestCase("snapshot_support", "often")]
    [TestCase("snapshot_support", "<is> maybe")]
    [TestCase("mount_snapshot_support", "<in> True")]
    [TestCase("replication_type", "Readable")]
    [TestCase("replication_type", "sync")]
    [TestCase("availability_zones", "az1,")]
    [TestCase("availability_zones", " , ")]
    [TestCase("provisioning:max_share_size", "0")]
    [TestCase("provisioning:max_share_size", "-3")]
    [TestCase("provisioning:min_share_size", "1.5")]
    [TestCase("provisioning:min_share_size", "ten")]
    [TestCase("vendor:anything", "")]
    public void ValueProblem_InvalidValue_ExplainsWhy(string key, string value)
    {
        var problem = StandardExtraSpecs.ValueProblem(key, value);

        Assert.That(problem, Is.Not.Null.And.Not.Empty);
    }

    [Test]
    public void ValueProblem_ValueLongerThan255_IsRefused()
    {
        var problem = StandardExtraSpecs.ValueProblem("k", new string('v', 256));

        Assert.That(problem, Does.Contain("255"));
    }

    [TestCase("capabilities:dedupe", true)]
    [TestCase("my.key-with_all:parts", true)]
    [TestCase("", false)]
    [TestCase("has space", false)]
    [TestCase("slash/key", false)]
    [TestCase("quote'key", false)]
    public void KeyProblem_Key_AcceptsOnlyManilaKeyCharacters(string key, bool valid)
    {
        var problem = StandardExtraSpecs.KeyProblem(key);

        Assert.That(problem is null, Is.EqualTo(valid));
    }

    [Test]
    public void KeyProblem_KeyLongerThan255_IsRefused()
    {
        var problem = StandardExtraSpecs.KeyProblem(new string('k', 256));

        Assert.That(problem, Does.Contain("255"));
    }

    [TestCase("5", "10", false)]
    [TestCase("10", "10", false)]
    [TestCase("11", "10", true)]
    public void CombinationProblem_MinAndMaxSize_RefusesMinAboveMax(string min, string max, bool refused)
    {
        var specs = new Dictionary<string, string> { ["provisioning:min_share_size"] = min, ["provisioning:max_share_size"] = max };

        var problem = StandardExtraSpecs.CombinationProblem(specs);

        Assert.That(problem is not null, Is.EqualTo(refused));
    }

    [TestCase("True", true)]
    [TestCase("<is> False", false)]
    [TestCase(" <is>   true ", true)]
    [TestCase("t", true)]
    [TestCase("off", false)]
    [TestCase("<is> nope", null)]
    [TestCase("", null)]
    public void ParseBoolean_Value_ReadsManilaBooleans(string value, bool? expected)
    {
        var parsed = StandardExtraSpecs.ParseBoolean(value);

        Assert.That(parsed, Is.EqualTo(expected));
    }

    [TestCase("\"text\"", "text")]
    [TestCase("true", "True")]
    [TestCase("false", "False")]
    [TestCase("3", null)]
    [TestCase("null", null)]
    [TestCase("{}", null)]
    public void FromJson_Value_TakesStringsAndBooleansOnly(string json, string? expected)
    {
        using var document = JsonDocument.Parse(json);

        var value = StandardExtraSpecs.FromJson(document.RootElement);

        Assert.That(value, Is.EqualTo(expected));
    }

    [Test]
    public void Normalize_AvailabilityZones_TrimsEachName()
    {
        var stored = StandardExtraSpecs.Normalize("availability_zones", " az1 ,az2 ");

        Assert.That(stored, Is.EqualTo("az1,az2"));
    }

    [Test]
    public void Normalize_OtherSpec_KeepsTheValueAsSent()
    {
        var stored = StandardExtraSpecs.Normalize("vendor:list", " a , b ");

        Assert.That(stored, Is.EqualTo(" a , b "));
    }
}
