using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ShareHost.Api.Validation;
using ShareHost.Features.ShareTypes.CreateShareType;

namespace ShareHost.Tests.Features.ShareTypes;

public sealed class CreateShareTypeRequestValidatorTests
{
    private CreateShareTypeRequestValidator _validator = null!;

    /// <summary>Field names as the API reports them (snake_case JSON paths): configured the way the host does it, before rules are built.</summary>
    [OneTimeSetUp]
    public void OneTimeSetUp()
    {
        new ServiceCollection().AddValidatorsFromHost();
        _validator = new CreateShareTypeRequestValidator();
    }

    [Test]
    public void Validate_MinimalBody_IsValid()
    {
        var request = Request("gold", new() { ["driver_handles_share_servers"] = Json("false") });

        var result = _validator.Validate(request);

        Assert.That(result.IsValid, Is.True, string.Join("; ", result.Errors));
    }

    [Test]
    public void Validate_VolumeTypeBody_IsValidatedToo()
    {
        var request = new CreateShareTypeRequest { VolumeType = new CreateShareTypeBody { Name = "gold", ExtraSpecs = [] } };

        var result = _validator.Validate(request);

        Assert.That(result.Errors.Select(e => e.PropertyName), Does.Contain("volume_type.extra_specs.driver_handles_share_servers"));
    }

    [Test]
    public void Validate_NoBody_NamesShareType()
    {
        var result = _validator.Validate(new CreateShareTypeRequest());

        Assert.That(result.Errors.Select(e => e.PropertyName), Is.EqualTo(new[] { "share_type" }));
    }

    [TestCase(null, "share_type.name")]
    [TestCase("", "share_type.name")]
    [TestCase("   ", "share_type.name")]
    public void Validate_MissingOrBlankName_NamesTheField(string? name, string field)
    {
        var request = Request(name, new() { ["driver_handles_share_servers"] = Json("\"False\"") });

        var result = _validator.Validate(request);

        Assert.That(result.Errors.Select(e => e.PropertyName), Is.EqualTo(new[] { field }));
    }

    [Test]
    public void Validate_DescriptionLongerThan255_NamesTheField()
    {
        var valid = Request("gold", new() { ["driver_handles_share_servers"] = Json("false") });
        var request = new CreateShareTypeRequest { ShareType = valid.ShareType! with { Description = new string('d', 256) } };

        var result = _validator.Validate(request);

        Assert.That(result.Errors.Select(e => e.PropertyName), Is.EqualTo(new[] { "share_type.description" }));
    }

    [Test]
    public void Validate_SeveralBadSpecs_ReportsEachByKey()
    {
        var request = Request("gold", new()
        {
            ["driver_handles_share_servers"] = Json("\"no idea\""),
            ["replication_type"] = Json("\"async\""),
            ["bad key"] = Json("\"v\""),
            ["fine"] = Json("\"v\""),
        });

        var result = _validator.Validate(request);

        Assert.That(result.Errors.Select(e => e.PropertyName), Is.EquivalentTo(new[]
        {
            "share_type.extra_specs.driver_handles_share_servers",
            "share_type.extra_specs.replication_type",
            "share_type.extra_specs.bad key",
        }));
    }

    [TestCase("true", true)]
    [TestCase("\"False\"", true)]
    [TestCase("null", true)]
    [TestCase("\"nope\"", false)]
    [TestCase("1", false)]
    public void Validate_IsPublic_AcceptsBooleansAndBooleanStrings(string json, bool valid)
    {
        var request = new CreateShareTypeRequest
        {
            ShareType = new CreateShareTypeBody
            {
                Name = "gold",
                ExtraSpecs = new() { ["driver_handles_share_servers"] = Json("false") },
                IsPublic = Json(json),
            },
        };

        var result = _validator.Validate(request);

        Assert.That(result.IsValid, Is.EqualTo(valid), string.Join("; ", result.Errors));
    }

    private static CreateShareTypeRequest Request(string? name, Dictionary<string, JsonElement> specs) =>
        new() { ShareType = new CreateShareTypeBody { Name = name, ExtraSpecs = specs } };

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
