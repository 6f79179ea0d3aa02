using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Cli;

/// <summary>
/// The stock manila CLI drives a running host (`--os-token … --bypass-url …/v2`), as a lab admin would; a mounted share's
/// `delete` shows why it is refused, and `force-delete` removes it.
/// </summary>
[NonParallelizable]
public sealed class ManilaCliTests
{
    private string _directory = null!;
    private HostProcess _host = null!;
    private ManilaCli _manila = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        ManilaCli.Require();
        _directory = TestHost.NewDirectory();
        TestHost.CopyPlugins(Path.Combine(_directory, "plugins"));
        _host = await HostProcess.StartAsync(_directory, HostProcess.Settings(_directory));
        _manila = new ManilaCli(_host.BaseAddress, TestHost.AdminToken);
    }

    [OneTimeTearDown]
    public void StopHost()
    {
        _host?.Dispose();
        if (_directory is not null && Directory.Exists(_directory))
        {
            TestHost.DeleteDirectory(_directory);
        }
    }

    [Test]
    public async Task ApiVersion_Negotiated_IsTheClientsMaximum()
    {
        var versions = await _manila.OkAsync("api-version");
        var debug = await _manila.RunAsync("--debug", "list");

        Assert.That(versions, Does.Match(@"v2\.0\s*\|\s*CURRENT\s*\|\s*2\.7\d"));
        Assert.That(debug.Output + debug.Error, Does.Contain("X-Openstack-Manila-Api-Version: 2.72"));
    }

    [Test]
    public async Task ShareLifecycle_TypeCreateCreateListShowExtendShrinkDelete_Works()
    {
        await _manila.OkAsync("type-create", "cli-gold", "false");
        var created = await _manila.OkAsync("create", "NFS", "1", "--name", "cli-share", "--share-type", "cli-gold");
        var id = ManilaCli.Field(created, "id")!;

        var shown = await _manila.WaitForAsync(id, "status", "available");
        var listed = await _manila.OkAsync("list");
        await _manila.OkAsync("extend", id, "3");
        var extended = await _manila.WaitForAsync(id, "size", "3");
        await _manila.WaitForAsync(id, "status", "available");
        await _manila.OkAsync("shrink", id, "2");
        var shrunk = await _manila.WaitForAsync(id, "size", "2");
        await _manila.WaitForAsync(id, "status", "available");
        await _manila.OkAsync("delete", id);
        var gone = await WaitGoneAsync(id);

        Assert.Multiple(() =>
        {
            Assert.That(ManilaCli.Field(shown, "share_type_name"), Is.EqualTo("cli-gold"));
            Assert.That(shown, Does.Contain("path = 127.0.0.1:/shares/share-"));
            Assert.That(listed, Does.Contain("cli-share"));
            Assert.That(ManilaCli.Field(extended, "size"), Is.EqualTo("3"));
            Assert.That(ManilaCli.Field(shrunk, "size"), Is.EqualTo("2"));
            Assert.That(gone, Is.True);
        });
    }

    [Test]
    public async Task Create_UnknownShareType_ShowsTheServersMessage()
    {
        var result = await _manila.RunAsync("create", "NFS", "1", "--share-type", "no-such-type");

        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.Error, Does.Contain("no-such-type"));
    }

    [Test]
    public async Task Delete_MountedShare_TheCliShowsWhyAndForceDeleteRemovesIt()
    {
        var id = ManilaCli.Field(await _manila.OkAsync("create", "NFS", "1", "--name", "cli-mounted"), "id")!;
        await _manila.WaitForAsync(id, "status", "available");
        using var api = _host.Client();
        var mount = await api.PostAsync($"/v2/shares/{id}/action", new { mount = new { client = "192.0.2.96", lease_seconds = 600 } });
        Assert.That(mount.Status, Is.EqualTo(System.Net.HttpStatusCode.OK), mount.Body);

        var refused = await _manila.RunAsync("delete", id);
        var kept = await _manila.OkAsync("show", id);
        await _manila.OkAsync("force-delete", id);
        var gone = await WaitGoneAsync(id);

        Assert.Multiple(() =>
        {
            Assert.That(refused.ExitCode, Is.Not.Zero);
            Assert.That(refused.Output + refused.Error, Does.Contain("1 live mount(s)"));
            Assert.That(ManilaCli.Field(kept, "status"), Is.EqualTo("available"));
            Assert.That(gone, Is.True, "force-delete removed it");
        });
    }

    private async Task<bool> WaitGoneAsync(string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var result = await _manila.RunAsync("show", id);
            if (result.ExitCode != 0 && result.Error.Contains("No share with a name or ID", StringComparison.Ordinal))
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }
}
