namespace ShareHost.Features.Operations;

public static class OperationsModule
{
    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        services.AddSingleton<OperationRepository>();
        services.AddSingleton<OperationRunner>();
        return services;
    }
}
