using ShareHost;
using ShareHost.Api;
using ShareHost.Features.AccessRules;
using ShareHost.Features.AvailabilityZones;
using ShareHost.Features.Backends;
using ShareHost.Features.ExportLocations;
using ShareHost.Features.Jobs;
using ShareHost.Features.Messages;
using ShareHost.Features.Mounts;
using ShareHost.Features.Operations;
using ShareHost.Features.Ownership;
using ShareHost.Features.Plugins;
using ShareHost.Features.Quotas;
using ShareHost.Features.Replicas;
using ShareHost.Features.Scheduling;
using ShareHost.Features.Services;
using ShareHost.Features.Shares;
using ShareHost.Features.ShareTypes;
using ShareHost.Features.Snapshots;
using ShareHost.Features.Versions;
using ShareHost.Persistence;

var builder = WebApplication.CreateBuilder(args);
builder.Services.Configure<ShareHostOptions>(builder.Configuration.GetSection(ShareHostOptions.Section));
builder.AddApi();
builder.Services
    .AddPersistence()
    .AddOperations()
    .AddBackends()
    .AddScheduling()
    .AddShareTypes()
    .AddShares()
    .AddSnapshots()
    .AddExportLocations()
    .AddAccessRules()
    .AddQuotas(builder.Configuration)
    .AddMessages()
    .AddServices()
    .AddJobs(builder.Configuration)
    .AddOwnership(builder.Configuration)
    .AddMounts(builder.Configuration)
    .AddReplicas(builder.Configuration);

var app = builder.Build();
app.UseApi();
app.MapVersions();
app.MapShares();
app.MapSnapshots();
app.MapExportLocations();
app.MapAccessRules();
app.MapShareTypes();
app.MapQuotas();
app.MapMessages();
app.MapServices();
app.MapAvailabilityZones();
app.MapScheduling();
app.MapPlugins();
app.MapMounts();
app.MapReplicas();
app.Run();

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
