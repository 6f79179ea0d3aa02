namespace ShareHost.Features.Mounts.Access;

/// <summary><c>Mounts:Access</c>: <c>rules</c> (default) grants each mount's client an ip access rule; <c>recorded</c> only records it on the lease.</summary>
public static class MountAccessMode
{
    public const string Rules = "rules";
    public const string Recorded = "recorded";

    public static IMountAccess Select(IServiceProvider services, IConfiguration configuration)
    {
        var mode = configuration[$"{MountOptions.Section}:{nameof(MountOptions.Access)}"] ?? Rules;
        return mode.Trim().ToLowerInvariant() switch
        {
            Rules => services.GetRequiredService<RuleMountAccess>(),
            Recorded => new RecordedMountAccess(),
            _ => throw new InvalidOperationException($"Mounts:Access is '{mode}'; it must be '{Rules}' or '{Recorded}'."),
        };
    }
}
