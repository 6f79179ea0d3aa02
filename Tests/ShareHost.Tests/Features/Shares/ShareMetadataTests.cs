using System.Net;
using System.Text.Json.Nodes;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Shares;

public sealed class ShareMetadataTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;
    private ApiClient _demo = null!;
    private string _id = null!;

    // One host for the fixture; each test works on a share of its own.
    [OneTimeSetUp]
    public void OneTimeSetUp()
    {
        _host = new TestHost();
        _admin = _host.Client();
        _demo = _host.Client(TestHost.DemoToken);
    }

    [SetUp]
    public async Task SetUp() => _id = await _demo.CreateShareAsync();

    [OneTimeTearDown]
    public void TearDown()
    {
        _demo.Dispose();
        _admin.Dispose();
        _host.Dispose();
    }

    private static Dictionary<string, string> Items(JsonNode? node) =>
        node!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());

    [Test]
    public async Task List_NewShare_IsEmpty()
    {
        var response = await _demo.GetAsync($"/v2/shares/{_id}/metadata");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Items(response.Json["metadata"]), Is.Empty);
    }

    [Test]
    public async Task Post_TwoRequests_MergesAndAnswersTheWholeSet()
    {
        await _demo.PostAsync($"/v2/shares/{_id}/metadata", new { metadata = new { a = "1", b = "2" } });

        var response = await _demo.PostAsync($"/v2/shares/{_id}/metadata", new { metadata = new { b = "3", c = "4" } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        var expected = new Dictionary<string, string> { ["a"] = "1", ["b"] = "3", ["c"] = "4" };
        Assert.That(Items(response.Json["metadata"]), Is.EquivalentTo(expected));
        Assert.That(Items((await _demo.ShowAsync(_id))["metadata"]), Is.EquivalentTo(expected));
    }

    [Test]
    public async Task Put_ReplacesEverything()
    {
        await _demo.PostAsync($"/v2/shares/{_id}/metadata", new { metadata = new { a = "1", b = "2" } });

        var response = await _demo.PutAsync($"/v2/shares/{_id}/metadata", new { metadata = new { c = "3" } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.That(Items(response.Json["metadata"]), Is.EquivalentTo(new Dictionary<string, string> { ["c"] = "3" }));
        Assert.That(Items((await _demo.GetAsync($"/v2/shares/{_id}/metadata")).Json["metadata"]), Is.EquivalentTo(new Dictionary<string, string> { ["c"] = "3" }));
    }

    [Test]
    public async Task Put_EmptyObject_ClearsTheMetadata()
    {
        await _demo.PostAsync($"/v2/shares/{_id}/metadata", new { metadata = new { a = "1" } });

        var response = await _demo.PutAsync($"/v2/shares/{_id}/metadata", new { metadata = new JsonObject() });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.That(Items((await _demo.GetAsync($"/v2/shares/{_id}/metadata")).Json["metadata"]), Is.Empty);
    }

    [Test]
    public async Task GetItem_Existing_AnswersMeta()
    {
        await _demo.PostAsync($"/v2/shares/{_id}/metadata", new { metadata = new { color = "blue" } });

        var response = await _demo.GetAsync($"/v2/shares/{_id}/metadata/color");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Items(response.Json["meta"]), Is.EquivalentTo(new Dictionary<string, string> { ["color"] = "blue" }));
    }

    [Test]
    public async Task GetItem_Missing_Is404()
    {
        var response = await _demo.GetAsync($"/v2/shares/{_id}/metadata/nothing");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.ErrorMessage, Does.Contain("nothing"));
    }

    [Test]
    public async Task PostItem_MatchingKey_SetsOnlyThatItem()
    {
        await _demo.PostAsync($"/v2/shares/{_id}/metadata", new { metadata = new { a = "1", b = "2" } });

        var response = await _demo.PostAsync($"/v2/shares/{_id}/metadata/b", new { metadata = new { b = "20" } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.That(Items(response.Json["metadata"]), Is.EquivalentTo(new Dictionary<string, string> { ["b"] = "20" }));
        Assert.That(Items((await _demo.GetAsync($"/v2/shares/{_id}/metadata")).Json["metadata"]),
            Is.EquivalentTo(new Dictionary<string, string> { ["a"] = "1", ["b"] = "20" }));
    }

    [Test]
    public async Task PostItem_KeyDiffersFromUrl_Is400()
    {
        var response = await _demo.PostAsync($"/v2/shares/{_id}/metadata/a", new { metadata = new { b = "2" } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.ErrorMessage, Does.Contain("mismatch"));
    }

    [Test]
    public async Task PostItem_TwoItems_Is400()
    {
        var response = await _demo.PostAsync($"/v2/shares/{_id}/metadata/a", new { metadata = new { a = "1", b = "2" } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.ErrorMessage, Does.Contain("too many items"));
    }

    [Test]
    public async Task DeleteItem_Existing_RemovesIt()
    {
        await _demo.PostAsync($"/v2/shares/{_id}/metadata", new { metadata = new { a = "1", b = "2" } });

        var response = await _demo.DeleteAsync($"/v2/shares/{_id}/metadata/a");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Items((await _demo.GetAsync($"/v2/shares/{_id}/metadata")).Json["metadata"]),
            Is.EquivalentTo(new Dictionary<string, string> { ["b"] = "2" }));
    }

    [Test]
    public async Task DeleteItem_Missing_Is404()
    {
        var response = await _demo.DeleteAsync($"/v2/shares/{_id}/metadata/nothing");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("{\"metadata\": {\"\": \"v\"}}", "keys must be 1 to 255")]
    [TestCase("{\"metadata\": {\"k\": \"\"}}", "values must be 1 to 1023")]
    [TestCase("{\"metadata\": {\"k\": 5}}", "metadata.k")]
    [TestCase("{\"metadata\": [\"k\"]}", "metadata")]
    [TestCase("{\"meta\": {\"k\": \"v\"}}", "meta")]
    [TestCase("{}", "metadata")]
    public async Task Post_BadBody_Is400(string body, string reason)
    {
        var response = await _demo.SendAsync(HttpMethod.Post, $"/v2/shares/{_id}/metadata", rawBody: body);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.Body);
        Assert.That(response.ErrorMessage, Does.Contain(reason));
    }

    [Test]
    public async Task Post_KeyOf256Characters_Is400()
    {
        var metadata = new Dictionary<string, string> { [new string('k', 256)] = "v" };

        var response = await _demo.PostAsync($"/v2/shares/{_id}/metadata", new { metadata });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.ErrorMessage, Does.Contain("keys must be 1 to 255"));
    }

    [Test]
    public async Task Post_ValueOf1024Characters_Is400()
    {
        var response = await _demo.PostAsync($"/v2/shares/{_id}/metadata", new { metadata = new { k = new string('v', 1024) } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.ErrorMessage, Does.Contain("values must be 1 to 1023"));
    }

    [Test]
    public async Task Post_MergeBeyondTheItemLimit_Is400AndNothingIsStored()
    {
        var first = Enumerable.Range(0, 100).ToDictionary(i => $"a{i}", i => "v");
        var second = Enumerable.Range(0, 29).ToDictionary(i => $"b{i}", i => "v");
        await _demo.PostAsync($"/v2/shares/{_id}/metadata", new { metadata = first });

        var response = await _demo.PostAsync($"/v2/shares/{_id}/metadata", new { metadata = second });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.ErrorMessage, Does.Contain("at most 128"));
        Assert.That((await _demo.GetAsync($"/v2/shares/{_id}/metadata")).Json["metadata"]!.AsObject(), Has.Count.EqualTo(100));
    }

    [Test]
    public async Task Metadata_Reader_MayReadButNotWrite()
    {
        await _demo.PostAsync($"/v2/shares/{_id}/metadata", new { metadata = new { a = "1" } });
        using var reader = _host.Client(TestHost.ReaderToken);

        var read = await reader.GetAsync($"/v2/shares/{_id}/metadata");
        var write = await reader.PostAsync($"/v2/shares/{_id}/metadata", new { metadata = new { b = "2" } });
        var delete = await reader.DeleteAsync($"/v2/shares/{_id}/metadata/a");

        Assert.That(read.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(write.Status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(delete.Status, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task OtherProject_PrivateShare_Is404()
    {
        using var other = _host.Client(TestHost.OtherToken);

        var read = await other.GetAsync($"/v2/shares/{_id}/metadata");
        var write = await other.PostAsync($"/v2/shares/{_id}/metadata", new { metadata = new { b = "2" } });

        Assert.That(read.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(write.Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task OtherProject_PublicShare_MayReadButWriteIs403()
    {
        await _admin.PutAsync($"/v2/shares/{_id}", new { share = new { is_public = true } });
        using var other = _host.Client(TestHost.OtherToken);

        var read = await other.GetAsync($"/v2/shares/{_id}/metadata");
        var write = await other.PutAsync($"/v2/shares/{_id}/metadata", new { metadata = new { b = "2" } });

        Assert.That(read.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(write.Status, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task AdminOnlyKey_MemberWrite_Is403()
    {
        var response = await _demo.PostAsync($"/v2/shares/{_id}/metadata", new Dictionary<string, object>
        {
            ["metadata"] = new Dictionary<string, string> { ["__affinity_same_host"] = "x" },
        });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task AdminOnlyKey_MemberReplaceAll_KeepsIt()
    {
        await _admin.PostAsync($"/v2/shares/{_id}/metadata", new Dictionary<string, object>
        {
            ["metadata"] = new Dictionary<string, string> { ["__affinity_same_host"] = "x", ["a"] = "1" },
        });

        var response = await _demo.PutAsync($"/v2/shares/{_id}/metadata", new { metadata = new { b = "2" } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.That(Items(response.Json["metadata"]),
            Is.EquivalentTo(new Dictionary<string, string> { ["__affinity_same_host"] = "x", ["b"] = "2" }));
    }
}
