using ShareHost.Features.Scheduling;

namespace ShareHost.Tests.Features.Scheduling;

public sealed class ExtraSpecMatcherTests
{
    [TestCase(true, "<is> True", true)]
    [TestCase(true, "<is> False", false)]
    [TestCase(false, "<is> False", true)]
    [TestCase("true", "<is> True", true)]
    [TestCase(true, "True", true)]
    [TestCase(true, "False", false)]
    [TestCase("NFS_CIFS", "<in> nfs", true)]
    [TestCase("NFS_CIFS", "<in> cephfs", false)]
    [TestCase("readable", "readable", true)]
    [TestCase("readable", "writable", false)]
    [TestCase("Readable", "READABLE", true)]
    [TestCase(100.0, "= 50", true)]
    [TestCase(100.0, "= 150", false)]
    [TestCase(100.0, "== 100", true)]
    [TestCase(100.0, "!= 100", false)]
    [TestCase(100.0, ">= 100", true)]
    [TestCase(100.0, "<= 99", false)]
    [TestCase("abc", "s== abc", true)]
    [TestCase("abc", "s!= abc", false)]
    [TestCase("abc", "s< abd", true)]
    [TestCase("abc", "s<= abc", true)]
    [TestCase("abd", "s> abc", true)]
    [TestCase("abc", "s>= abd", false)]
    [TestCase("gold", "<or> silver <or> gold", true)]
    [TestCase("bronze", "<or> silver <or> gold", false)]
    [TestCase("x", "== 1", false)]
    public void Match_OperatorAndValue_AsManila(object value, string requirement, bool expected)
    {
        var result = ExtraSpecMatcher.Match(value, requirement);

        Assert.That(result, Is.EqualTo(expected));
    }

    [Test]
    public void FirstUnsatisfied_ListCapability_AnyElementSatisfies()
    {
        var capabilities = new Dictionary<string, object?> { ["dedupe"] = new List<object> { true, false } };

        Assert.Multiple(() =>
        {
            Assert.That(ExtraSpecMatcher.FirstUnsatisfied(capabilities, new Dictionary<string, string> { ["dedupe"] = "<is> True" }), Is.Null);
            Assert.That(ExtraSpecMatcher.FirstUnsatisfied(capabilities, new Dictionary<string, string> { ["dedupe"] = "<is> False" }), Is.Null);
        });
    }

    [Test]
    public void FirstUnsatisfied_VendorScopedKey_IsIgnored()
    {
        var capabilities = new Dictionary<string, object?>();

        var failing = ExtraSpecMatcher.FirstUnsatisfied(capabilities, new Dictionary<string, string> { ["acme:turbo"] = "True" });

        Assert.That(failing, Is.Null);
    }

    [Test]
    public void FirstUnsatisfied_CapabilitiesScope_IsMatched()
    {
        var capabilities = new Dictionary<string, object?> { ["turbo"] = false };

        var failing = ExtraSpecMatcher.FirstUnsatisfied(capabilities, new Dictionary<string, string> { ["capabilities:turbo"] = "<is> True" });

        Assert.That(failing, Is.EqualTo("capabilities:turbo"));
    }

    [Test]
    public void FirstUnsatisfied_MissingCapability_Fails()
    {
        var failing = ExtraSpecMatcher.FirstUnsatisfied(new Dictionary<string, object?>(), new Dictionary<string, string> { ["gold"] = "True" });

        Assert.That(failing, Is.EqualTo("gold"));
    }
}
