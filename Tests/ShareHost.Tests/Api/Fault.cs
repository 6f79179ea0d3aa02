using System.Net;
using System.Text.Json.Nodes;
using ShareHost.Api.Errors;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Api;

/// <summary>Asserts a response is Manila's fault body: <c>{"&lt;faultName&gt;": {"code": N, "message": "…"}}</c>.</summary>
public static class Fault
{
    /// <summary>The status, the fault name for it, the code inside, and a message mentioning every given fragment.</summary>
    public static void AssertIs(ApiClient.Response response, HttpStatusCode status, params string[] mentions)
    {
        Assert.That(response.Status, Is.EqualTo(status), response.Body);
        AssertShape(response, mentions);
    }

    /// <summary>Any 4xx with a well-formed fault body; never a 5xx.</summary>
    public static void AssertClientError(ApiClient.Response response, string because)
    {
        Assert.That((int)response.Status, Is.InRange(400, 499), $"{because}: {response.Status} {response.Body}");
        AssertShape(response, []);
    }

    private static void AssertShape(ApiClient.Response response, string[] mentions)
    {
        var status = (int)response.Status;
        JsonObject body;
        try
        {
            body = JsonNode.Parse(response.Body)!.AsObject();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or NullReferenceException)
        {
            Assert.Fail($"not a JSON object: {response.Body}");
            return;
        }

        Assert.That(body, Has.Count.EqualTo(1), response.Body);
        var (name, fault) = body.First();
        Assert.Multiple(() =>
        {
            Assert.That(name, Is.EqualTo(ManilaErrors.FaultName(status)), response.Body);
            Assert.That(fault?["code"]?.GetValue<int>(), Is.EqualTo(status), response.Body);
            Assert.That(fault?["message"]?.GetValue<string>(), Is.Not.Null.And.Not.Empty, response.Body);
        });
        var message = fault!["message"]!.GetValue<string>();
        foreach (var mention in mentions)
        {
            Assert.That(message, Does.Contain(mention).IgnoreCase, $"the message should name '{mention}'");
        }
    }
}
