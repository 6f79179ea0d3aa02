namespace ShareHost.Api.Auth;

/// <summary>Static tokens: each maps to a user, a project and roles (<c>admin</c>, <c>member</c>, <c>reader</c>).</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The lab tokens shipped in appsettings.json. While one is configured the host only listens on loopback.</summary>
    public static readonly IReadOnlySet<string> LabTokens = new HashSet<string>(StringComparer.Ordinal)
    {
        "sharehost-lab-admin",
        "sharehost-lab-demo",
        "sharehost-lab-reader",
    };

    public List<TokenEntry> Tokens { get; init; } = [];

    public sealed class TokenEntry
    {
        public string Token { get; init; } = "";

        public string UserId { get; init; } = "";

        public string ProjectId { get; init; } = "";

        public List<string> Roles { get; init; } = [];

        private IReadOnlySet<string>? _roleSet;

        /// <summary>
        /// The roles, lower-case, as one set shared by every request with this token (a method, so the configuration
        /// binder never reads it before <see cref="Roles"/> is bound).
        /// </summary>
        public IReadOnlySet<string> RoleSet() => _roleSet ??= Roles.Select(r => r.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
    }
}
