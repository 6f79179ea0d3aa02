using ShareHost.Api;

namespace ShareHost.Tests.Api;

public sealed class PythonDictLiteralTests
{
    [Test]
    public void TryParse_PythonLiteral_ReadsEveryEntry()
    {
        var parsed = PythonDictLiteral.TryParse("{'snapshot_support': True, \"replication_type\": 'dr', 'size': 10, 'off': False,}");

        Assert.That(parsed, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["snapshot_support"] = "True",
            ["replication_type"] = "dr",
            ["size"] = "10",
            ["off"] = "False",
        }));
    }

    [Test]
    public void TryParse_Json_ReadsEveryEntry()
    {
        var parsed = PythonDictLiteral.TryParse("{\"a\": \"b\", \"c\": true}");

        Assert.That(parsed, Is.EquivalentTo(new Dictionary<string, string> { ["a"] = "b", ["c"] = "True" }));
    }

    [Test]
    public void TryParse_EscapedQuotes_KeepsThemInTheValue()
    {
        var parsed = PythonDictLiteral.TryParse(@"{'k': 'it\'s', 'q': ""say \""hi\"""", 'u': '\u00e9'}");

        Assert.That(parsed, Is.EquivalentTo(new Dictionary<string, string> { ["k"] = "it's", ["q"] = "say \"hi\"", ["u"] = "é" }));
    }

    [Test]
    public void TryParse_EmptyDictionary_IsEmpty()
    {
        var parsed = PythonDictLiteral.TryParse(" { } ");

        Assert.That(parsed, Is.Empty);
    }

    [TestCase("")]
    [TestCase("['a']")]
    [TestCase("{'a'}")]
    [TestCase("{'a': }")]
    [TestCase("{'a': 'b'")]
    [TestCase("{'a': 'b'} trailing")]
    [TestCase("{'a': None}")]
    [TestCase("{'a': {'b': 'c'}}")]
    [TestCase("{a: 'b'}")]
    [TestCase("{'a': 'b' 'c': 'd'}")]
    public void TryParse_NotAFlatDictionary_IsNull(string text)
    {
        var parsed = PythonDictLiteral.TryParse(text);

        Assert.That(parsed, Is.Null);
    }
}
