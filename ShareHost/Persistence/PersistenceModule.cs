using Microsoft.Extensions.Options;

namespace ShareHost.Persistence;

public static class PersistenceModule
{
    public static IServiceCollection AddPersistence(this IServiceCollection services)
    {
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ShareHostOptions>>().Value;
            var root = sp.GetRequiredService<IHostEnvironment>().ContentRootPath;
            return new SqliteConnectionFactory(Path.GetFullPath(options.Database, root), backgroundCheckpoints: true);
        });
        services.AddHostedService<WalCheckpointer>();
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<WriteBatcher>();
        return services;
    }
}
