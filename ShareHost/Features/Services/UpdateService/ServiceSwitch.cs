using ShareHost.Api.Errors;
using ShareHost.Features.Backends;

namespace ShareHost.Features.Services.UpdateService;

/// <summary>
/// Enables or disables a backend's share service: stored first (it survives a restart), then applied to the backend
/// the scheduler reads. Switches are serialised so the stored and the live value cannot disagree after a race.
/// </summary>
public sealed class ServiceSwitch(BackendRegistry backends, ServiceCatalog catalog, ServiceRepository repository) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<ServiceState> SetAsync(UpdateServiceRequest request, bool disable, CancellationToken cancellationToken)
    {
        if (!disable && request.DisabledReason is not null)
        {
            throw new BadRequestException("Invalid input for field 'disabled_reason': it is only accepted when disabling a service.");
        }

        var service = catalog.All().FirstOrDefault(s => s.Host == request.Host && s.Binary == request.Binary)
            ?? throw new NotFoundException($"Service with host {request.Host} and binary {request.Binary} could not be found.");
        var backend = backends.Find(service.Backend)
            ?? throw new BadRequestException($"The {service.Binary} service is part of the ShareHost process and cannot be enabled or disabled.");

        await _gate.WaitAsync(cancellationToken);
        try
        {
            await repository.SetDisabledAsync(backend.Name, disable, request.DisabledReason, cancellationToken);
            backend.SetDisabled(disable, request.DisabledReason);
        }
        finally
        {
            _gate.Release();
        }

        return catalog.ForBackend(backend.Name)!;
    }

    public void Dispose() => _gate.Dispose();
}
