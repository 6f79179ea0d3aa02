using System.Net;
using System.Text.Json.Nodes;
using ShareHost.Drivers.Local.Tests.Lab;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Drivers.Local.Tests.EndToEnd;

/// <summary>
/// The data path a user takes, all through the Manila API of a real host: create an NFS share on the Local backend,
/// allow a client, call the <c>mount</c> share action, then read and write with libnfs at the address and export
/// path it returned. A client appears from another 127.0.0.x address through the lab's LD_PRELOAD shim.
/// </summary>
[NonParallelizable]
public sealed class LocalBackendMountApiTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        await LocalLab.RequireAsync();
        _host = new TestHost(settings: LocalHostSettings.For(), defaultBackends: false);
        _admin = _host.Client();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _admin?.Dispose();
        await HostStop.DisposeAsync(_host);
    }

    [Test]
    public async Task Mount_RwRuleForClient_ClientWritesAndReadsAtTheReturnedAddress()
    {
        var id = await AvailableShareAsync();
        await AllowAsync(id, "127.0.0.1", "rw");
        // Bigger than one NFSv4 WRITE of libnfs 4.0, so the file crosses several requests.
        var content = string.Concat(Enumerable.Range(0, 2000).Select(i => $"line {i} through the mounted address\n"));

        var mount = await MountAsync(id, "127.0.0.1", "rw");

        Assert.That(mount.Protocol, Is.EqualTo("NFS"));
        Assert.That(mount.Path, Does.EndWith($"/shares/share-{await InstanceIdAsync(id)}"));
        var write = await Clients.NfsWriteBytesAsync(mount.Address, mount.Port, mount.Path, "data.txt", System.Text.Encoding.UTF8.GetBytes(content));
        Assert.That(write.Succeeded, write.All);
        var read = await Clients.NfsReadAsync(mount.Address, mount.Port, mount.Path, "data.txt");
        Assert.That(read.Output, Is.EqualTo(content), read.Error);
    }

    [Test]
    public async Task Mount_RoRuleForClient_ClientReadsButCannotWrite()
    {
        var id = await AvailableShareAsync();
        await AllowAsync(id, "127.0.0.1", "rw");
        await AllowAsync(id, "127.0.0.3", "ro");
        var writer = await MountAsync(id, "127.0.0.1", "rw");
        Assert.That((await Clients.NfsWriteAsync(writer.Address, writer.Port, writer.Path, "notes.txt", "written by the rw client")).Succeeded);

        var reader = await MountAsync(id, "127.0.0.3", "ro");

        var read = await Clients.NfsReadAsync(reader.Address, reader.Port, reader.Path, "notes.txt", from: "127.0.0.3");
        var write = await Clients.NfsWriteAsync(reader.Address, reader.Port, reader.Path, "refused.txt", "must not land", from: "127.0.0.3");
        Assert.That(read.Output, Is.EqualTo("written by the rw client"), read.All);
        Assert.That(write.Succeeded, Is.False, write.All);
        Assert.That(write.All, Does.Contain("ROFS"));
        var listing = await Clients.NfsListAsync(writer.Address, writer.Port, writer.Path);
        Assert.That(listing.Output, Does.Contain("notes.txt").And.Not.Contain("refused.txt"), listing.All);
    }

    [Test]
    public async Task Mount_ClientWithoutRule_CannotReadAtTheMountedAddress()
    {
        var id = await AvailableShareAsync();
        await AllowAsync(id, "127.0.0.1", "rw");
        var mount = await MountAsync(id, "127.0.0.1", "rw");
        Assert.That((await Clients.NfsWriteAsync(mount.Address, mount.Port, mount.Path, "secret.txt", "for 127.0.0.1 only")).Succeeded);

        var outsider = await Clients.NfsReadAsync(mount.Address, mount.Port, mount.Path, "secret.txt", from: "127.0.0.20");
        var owner = await Clients.NfsReadAsync(mount.Address, mount.Port, mount.Path, "secret.txt", from: "127.0.0.1");

        Assert.That(outsider.Succeeded, Is.False, outsider.All);
        Assert.That(outsider.All, Does.Contain("NFS4ERR"));
        Assert.That(owner.Output, Is.EqualTo("for 127.0.0.1 only"), "the same read from the ruled address works: " + owner.All);
    }

    [Test]
    public async Task Mount_ManyClients_SpreadOverTheGaneshaInstancesEachServing()
    {
        var id = await AvailableShareAsync();
        await AllowAsync(id, "127.0.0.0/24", "rw");
        string[] clients = ["127.0.0.1", "127.0.0.4", "127.0.0.5", "127.0.0.6"];

        var mounts = new List<Mounted>();
        foreach (var client in clients)
        {
            mounts.Add(await MountAsync(id, client, "rw"));
        }

        Assert.That(mounts.Select(m => m.Address).Distinct(), Is.EquivalentTo(new[] { DriverHarness.First, DriverHarness.Second }),
            "the Local driver reports both Ganesha addresses and hands them out by live mounts");
        Assert.That(mounts.Select(m => m.Source), Is.All.EqualTo("driver"));
        for (var i = 0; i < clients.Length; i++)
        {
            var write = await Clients.NfsWriteAsync(mounts[i].Address, mounts[i].Port, mounts[i].Path, $"from-{clients[i]}.txt", clients[i], from: clients[i]);
            Assert.That(write.Succeeded, $"{clients[i]} through {mounts[i].Address}: {write.All}");
        }

        var listing = await Clients.NfsListAsync(mounts[0].Address, mounts[0].Port, mounts[0].Path);
        Assert.That(clients.All(c => listing.Output.Contains($"from-{c}.txt", StringComparison.Ordinal)), listing.All);
    }

    [Test]
    public async Task Mount_CifsUserRule_UserWithItsAccessKeyWritesOthersRefused()
    {
        var id = await _admin.CreateShareAsync(size: 1, protocol: "CIFS");
        await WaitForAsync($"/v2/shares/{id}", "share", "status", "available");
        var user = "api" + Guid.NewGuid().ToString("N")[..6];
        var rule = await AllowAsync(id, "user", user, "rw");
        var key = (await _admin.GetAsync($"/v2/share-access-rules/{rule}")).Json["access"]!["access_key"]!.GetValue<string>();
        var response = await _admin.PostAsync($"/v2/shares/{id}/action", new { mount = new { client = "127.0.0.1" } });
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        var mount = response.Json["mount"]!;
        var address = mount["address"]!.GetValue<string>();
        var share = mount["export_path"]!.GetValue<string>().Split('\\').Last();
        var port = PortOf(mount);
        var local = await Clients.LocalFileAsync("written over SMB at the mounted address");
        var fetched = Path.Combine(LocalLab.Root, "fetched-" + Guid.NewGuid().ToString("N"));

        var put = await Clients.SmbAsync(address, port, share, user, key, $"put {local} smb.txt");
        var get = await Clients.SmbAsync(address, port, share, user, key, $"get smb.txt {fetched}");
        var wrongKey = await Clients.SmbAsync(address, port, share, user, key + "x", "ls");
        var noRule = await Clients.SmbAsync(address, port, share, "nobody" + user, key, "ls");

        Assert.That(key, Has.Length.GreaterThanOrEqualTo(16), "the rule's access key is the user's Samba password");
        Assert.That(Clients.SmbFailed(put), Is.False, put.All);
        Assert.That(Clients.SmbFailed(get), Is.False, get.All);
        Assert.That(File.ReadAllText(fetched), Is.EqualTo("written over SMB at the mounted address"));
        Assert.That(Clients.SmbFailed(wrongKey), Is.True, wrongKey.All);
        Assert.That(Clients.SmbFailed(noRule), Is.True, noRule.All);
    }

    private sealed record Mounted(string Address, string Path, int Port, string Protocol, string Source);

    private async Task<Mounted> MountAsync(string id, string client, string level)
    {
        var response = await _admin.PostAsync($"/v2/shares/{id}/action", new { mount = new { client, access_level = level } });
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        var mount = response.Json["mount"]!;
        var address = mount["address"]!.GetValue<string>();
        var exportPath = mount["export_path"]!.GetValue<string>();
        Assert.That(exportPath, Does.StartWith(address + ":"), "the export path names the chosen address");
        return new Mounted(address, exportPath[(address.Length + 1)..], PortOf(mount), mount["protocol"]!.GetValue<string>(),
            mount["address_source"]!.GetValue<string>());
    }

    /// <summary>The port the mount options tell the client to use (the lab's Ganesha instances are not on 2049).</summary>
    private static int PortOf(JsonNode mount)
    {
        var options = mount["mount_options"]!.GetValue<string>().Split(',');
        var port = options.SingleOrDefault(o => o.StartsWith("port=", StringComparison.Ordinal));
        Assert.That(port, Is.Not.Null, $"mount options without a port: {mount["mount_options"]}");
        return int.Parse(port!["port=".Length..]);
    }

    private async Task<string> AvailableShareAsync()
    {
        var id = await _admin.CreateShareAsync(size: 1, protocol: "NFS");
        await WaitForAsync($"/v2/shares/{id}", "share", "status", "available");
        return id;
    }

    private Task<string> AllowAsync(string id, string to, string level) => AllowAsync(id, "ip", to, level);

    /// <summary>Allows access and waits until the rule is active; returns the rule's id.</summary>
    private async Task<string> AllowAsync(string id, string type, string to, string level)
    {
        var response = await _admin.PostAsync($"/v2/shares/{id}/action", new { allow_access = new { access_type = type, access_to = to, access_level = level } });
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        var rule = response.Json["access"]!["id"]!.GetValue<string>();
        await WaitForAsync($"/v2/share-access-rules/{rule}", "access", "state", "active");
        return rule;
    }

    private async Task<string> InstanceIdAsync(string shareId) =>
        (await _admin.GetAsync($"/v2/shares/{shareId}/instances")).Json["share_instances"]!.AsArray().Single()!["id"]!.GetValue<string>();

    /// <summary>Polls until the resource's field has the value (60 s at most); an error state fails at once, with the share's messages.</summary>
    private async Task WaitForAsync(string path, string key, string field, string value)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var now = "";
        while (DateTime.UtcNow < deadline)
        {
            var response = await _admin.GetAsync(path);
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
            now = response.Json[key]![field]!.GetValue<string>();
            if (now == value)
            {
                return;
            }

            Assert.That(now, Does.Not.StartWith("error"), (await _admin.GetAsync("/v2/messages")).Body);
            await Task.Delay(50);
        }

        Assert.Fail($"{path}: {field} is '{now}', not '{value}' after 60 s");
    }
}
