using Quartz;
using ShareHost.Features.Backends;
using ShareHost.Features.Messages;

namespace ShareHost.Features.Jobs;

/// <summary>Periodic duties as thin Quartz jobs; intervals from the <c>Jobs</c> section.</summary>
public static class JobsModule
{
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var jobs = configuration.GetSection(JobOptions.Section).Get<JobOptions>() ?? new JobOptions();
        services.AddQuartz(quartz =>
        {
            Every<RefreshPoolStatsJob>(quartz, "refresh-pool-stats", jobs.PoolStatsRefreshSeconds);
            Every<ReapExpiredMessagesJob>(quartz, "reap-expired-messages", jobs.MessageReapSeconds);
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }

    /// <summary>Runs <typeparamref name="TJob"/> every <paramref name="seconds"/>, first after one interval.</summary>
    public static void Every<TJob>(IQuartzBuilder quartz, string name, double seconds)
        where TJob : class, IJob
    {
        var interval = TimeSpan.FromSeconds(Math.Max(0.05, seconds));
        quartz.AddJob<TJob>(job => job.WithIdentity(name).DisallowConcurrentExecution());
        quartz.AddTrigger(trigger => trigger
            .ForJob(name)
            .WithIdentity(name)
            .StartAt(DateTimeOffset.UtcNow.Add(interval))
            .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever()));
    }
}

public sealed class JobOptions
{
    public const string Section = "Jobs";

    /// <summary>How often every backend reports pools and capabilities (Manila's periodic_interval).</summary>
    public double PoolStatsRefreshSeconds { get; init; } = 60;

    /// <summary>How often expired user messages are deleted (Manila's message_reap_interval).</summary>
    public double MessageReapSeconds { get; init; } = 86400;
}
