using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Quartz;
using ShareHost.Features.Messages;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Messages;

public sealed class ReapExpiredMessagesJobTests
{
    [Test]
    public async Task Execute_ExpiredAndLiveMessages_DeletesOnlyTheExpired()
    {
        using var host = new TestHost();
        using var admin = host.Client();
        await MessageSeeder.AddAsync(host, "demoproject", createdAt: DateTime.UtcNow.AddDays(-40), expiresAt: DateTime.UtcNow.AddDays(-10));
        await MessageSeeder.AddAsync(host, "otherproject", createdAt: DateTime.UtcNow.AddDays(-31), expiresAt: DateTime.UtcNow.AddMinutes(-1));
        var live = await MessageSeeder.AddAsync(host, "demoproject");
        var job = new ReapExpiredMessagesJob(host.Services.GetRequiredService<MessageRepository>(), NullLogger<ReapExpiredMessagesJob>.Instance);

        await job.Execute(Mock.Of<IJobExecutionContext>(), CancellationToken.None);

        Assert.That(await MessageSeeder.CountAsync(host), Is.EqualTo(1));
        Assert.That((await admin.GetAsync($"/v2/messages/{live}")).Status, Is.EqualTo(System.Net.HttpStatusCode.OK));
    }

    [Test]
    public async Task MessageReaper_ShortInterval_RunsOnItsOwn()
    {
        using var host = new TestHost(settings: new Dictionary<string, string?> { ["Jobs:MessageReapSeconds"] = "0.2" });
        await MessageSeeder.AddAsync(host, "demoproject", createdAt: DateTime.UtcNow.AddDays(-40), expiresAt: DateTime.UtcNow.AddDays(-10));

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await MessageSeeder.CountAsync(host) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.That(await MessageSeeder.CountAsync(host), Is.Zero);
    }
}
