using ShareHost.Api.Errors;
using ShareHost.Api.Versioning;
using ShareHost.Features.Services;
using ShareHost.Features.ShareTypes;

namespace ShareHost.Features.Scheduling.ListPools;

/// <summary>
/// The pools the scheduler would consider (those of backends that are up, reporting and enabled), narrowed by
/// Manila's regex filters and, from 2.23, by a share type whose extra specs the pool's capabilities must satisfy.
/// </summary>
public sealed class PoolListing(PoolCatalog pools, ServiceCatalog services, ShareTypeRepository shareTypes)
{
    public async Task<IReadOnlyList<PoolState>> ListAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var query = http.Request.Query;
        var byShareType = http.ApiVersion().AtLeast("2.23");
        var filter = byShareType ? PoolRegexFilter.From(query, "share_type") : PoolRegexFilter.From(query);
        IReadOnlyDictionary<string, string>? specs = null;
        if (byShareType && query.TryGetValue("share_type", out var requested) && requested.ToString().Length > 0)
        {
            var type = await shareTypes.FindAsync(requested.ToString(), cancellationToken)
                ?? throw new BadRequestException($"Invalid value for query parameter 'share_type': share type {requested} not found.");
            specs = type.ExtraSpecs;
        }

        var serving = services.All().Where(s => s is { Backend: not null, Up: true, Disabled: false }).Select(s => s.Backend!).ToHashSet(StringComparer.Ordinal);
        return pools.Current()
            .Where(p => serving.Contains(p.Backend))
            .Where(filter.Passes)
            .Where(p => specs is null || ExtraSpecMatcher.FirstUnsatisfied(p.Capabilities, specs) is null)
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
    }
}
