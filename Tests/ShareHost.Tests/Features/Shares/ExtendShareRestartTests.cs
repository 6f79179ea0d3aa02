using Microsoft.Data.Sqlite;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Shares;

public sealed class ExtendShareRestartTests
{
    [Test]
    public async Task Extend_HostStopsWhileTheDriverWorks_NextStartFinishesIt()
    {
        var directory = TestHost.NewDirectory();
        var settings = new Dictionary<string, string?>
        {
            ["Backends:dummy1:Options:StateFile"] = "shares.jsonl",
            ["Backends:dummy2:Options:StateFile"] = "shares.jsonl",
        };
        string id;
        try
        {
            using (var first = new TestHost(directory, settings))
            using (var client = first.Client())
            {
                id = await client.AvailableShareAsync(size: 2);
                first.Configuration["Backends:dummy1:Options:Faults:ExtendShare:Hang"] = "true";
                first.Configuration["Backends:dummy2:Options:Faults:ExtendShare:Hang"] = "true";
                await client.ActionAsync(id, new { extend = new { new_size = 6 } });
                Assert.That((await client.ShowAsync(id))["status"]!.GetValue<string>(), Is.EqualTo("extending"));
            }

            using var second = new TestHost(directory, settings);
            using var again = second.Client();
            var share = await again.WaitForShareAsync(id, "available");

            Assert.That(share["size"]!.GetValue<int>(), Is.EqualTo(6));
            Assert.That(await second.DriverProvisionedGbAsync(share), Is.EqualTo(6));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            TestHost.DeleteDirectory(directory);
        }
    }
}
