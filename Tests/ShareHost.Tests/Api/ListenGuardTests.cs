using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using ShareHost.Api.Auth;

namespace ShareHost.Tests.Api;

/// <summary>The host refuses to listen beyond loopback while a documented lab token is configured (issue 2 item 9).</summary>
public sealed class ListenGuardTests
{
    [TestCase("http://127.0.0.1:8786")]
    [TestCase("http://127.42.0.9:8786")]
    [TestCase("http://localhost:8786")]
    [TestCase("http://LOCALHOST:8786")]
    [TestCase("https://localhost")]
    [TestCase("http://[::1]:8786")]
    [TestCase("http://127.0.0.1:8786/")]
    public void IsLoopback_LoopbackUrl_True(string url)
    {
        var result = ListenGuard.IsLoopback(url);

        Assert.That(result, Is.True);
    }

    [TestCase("http://0.0.0.0:8786")]
    [TestCase("http://192.168.1.20:8786")]
    [TestCase("http://10.0.0.1")]
    [TestCase("http://*:8786")]
    [TestCase("http://*")]
    [TestCase("http://+:8786")]
    [TestCase("http://[::]:8786")]
    [TestCase("http://[fe80::1]:8786")]
    [TestCase("http://sharehost.example.com:8786")]
    [TestCase("http://localhost.example.com:8786")]
    [TestCase("http://127.0.0.1.nip.io:8786")]
    [TestCase("*")]
    [TestCase("+:8786")]
    public void IsLoopback_NonLoopbackUrl_False(string url)
    {
        var result = ListenGuard.IsLoopback(url);

        Assert.That(result, Is.False);
    }

    [TestCase("http://0.0.0.0:8786")]
    [TestCase("http://192.168.1.20:8786")]
    [TestCase("http://*:8786")]
    [TestCase("http://+:8786")]
    [TestCase("http://[::]:8786")]
    [TestCase("http://127.0.0.1:8786;http://0.0.0.0:8787")]
    public void Apply_NonLoopbackUrlWithLabToken_Refuses(string urls)
    {
        var builder = Builder(("urls", urls), ("Auth:Tokens:0:Token", "sharehost-lab-admin"));

        var error = Assert.Throws<InvalidOperationException>(() => ListenGuard.Apply(builder));

        Assert.That(error!.Message, Does.Contain("sharehost-lab-admin").And.Contain("Refusing to listen"));
    }

    [Test]
    public void Apply_NonLoopbackKestrelEndpointWithLabToken_Refuses()
    {
        var builder = Builder(("Kestrel:Endpoints:Http:Url", "http://0.0.0.0:8786"), ("Auth:Tokens:0:Token", "sharehost-lab-demo"));

        Assert.Throws<InvalidOperationException>(() => ListenGuard.Apply(builder));
    }

    [Test]
    public void Apply_LabTokenAmongOwnTokens_StillRefuses()
    {
        var builder = Builder(("urls", "http://0.0.0.0:8786"), ("Auth:Tokens:0:Token", "a-real-secret"), ("Auth:Tokens:1:Token", "sharehost-lab-reader"));

        Assert.Throws<InvalidOperationException>(() => ListenGuard.Apply(builder));
    }

    [TestCase("http://127.0.0.1:8786")]
    [TestCase("http://127.0.0.2:9000")]
    [TestCase("http://[::1]:8786")]
    [TestCase("http://localhost:8786")]
    [TestCase("http://127.0.0.1:8786;http://localhost:8787")]
    public void Apply_LoopbackUrlWithLabToken_Allows(string urls)
    {
        var builder = Builder(("urls", urls), ("Auth:Tokens:0:Token", "sharehost-lab-admin"));

        Assert.DoesNotThrow(() => ListenGuard.Apply(builder));
    }

    [TestCase("http://0.0.0.0:8786")]
    [TestCase("http://*:8786")]
    [TestCase("http://192.168.1.20:8786")]
    public void Apply_NonLoopbackWithoutLabToken_Allows(string urls)
    {
        var builder = Builder(("urls", urls), ("Auth:Tokens:0:Token", "a-real-secret"));

        Assert.DoesNotThrow(() => ListenGuard.Apply(builder));
    }

    [Test]
    public void Apply_NoUrlsConfigured_ListensOnLoopbackDefault()
    {
        var builder = Builder(("Auth:Tokens:0:Token", "sharehost-lab-admin"));

        ListenGuard.Apply(builder);

        Assert.That(builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey), Is.EqualTo(ListenGuard.DefaultUrl));
    }

    private static WebApplicationBuilder Builder(params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        return builder;
    }
}
