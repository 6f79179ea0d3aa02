namespace ShareHost.Abstractions;

/// <summary>The version of the driver contract the running host provides.</summary>
public static class ContractInfo
{
    /// <summary>
    /// The contract version (major.minor). A plugin built against a version with the same major and a minor no
    /// greater than this one loads; any other is refused with a reason.
    /// </summary>
    public static Version Current { get; } = ReadVersion();

    private static Version ReadVersion()
    {
        var version = typeof(IShareDriver).Assembly.GetName().Version ?? new Version(1, 0);
        return new Version(version.Major, version.Minor);
    }
}
