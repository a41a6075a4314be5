using System.Text.Json;
using Fulgur.Node.Chain;
using Fulgur.Node.Wallet;

namespace Fulgur.Node.Tests.Wallet;

public sealed class FeeRateSpecTests
{
    private static JsonElement Json(string text)
    {
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    [Theory]
    [InlineData("\"urgent\"", FeeTarget.Urgent)]
    [InlineData("\"normal\"", FeeTarget.Normal)]
    [InlineData("\"slow\"", FeeTarget.Slow)]
    public void Named_rates_map_to_estimate_targets(string json, FeeTarget target)
    {
        Assert.True(FeeRateSpec.TryParse(Json(json), out var spec, out _));
        Assert.Equal(target, spec.Target);
    }

    [Theory]
    [InlineData("2000", 500)]          // bare number: perkb, as in Core Lightning
    [InlineData("\"2000perkb\"", 500)]
    [InlineData("\"253perkw\"", 253)]
    [InlineData("\"3satvb\"", 750)]
    [InlineData("\"1.5sat/vB\"", 375)]
    public void Numbers_with_units_give_sat_per_kw(string json, long satPerKw)
    {
        Assert.True(FeeRateSpec.TryParse(Json(json), out var spec, out var error), error);
        Assert.Null(spec.Target);
        Assert.Equal(satPerKw, spec.Explicit.SatPerKw);
    }

    [Theory]
    [InlineData("\"fast\"")]
    [InlineData("\"12parsecs\"")]
    [InlineData("\"-5perkw\"")]
    [InlineData("\"100perkw\"")]
    [InlineData("\"\"")]
    [InlineData("true")]
    [InlineData("[1]")]
    [InlineData("0")]
    [InlineData("1e400")]
    public void Garbage_and_rates_below_the_floor_are_refused(string json)
    {
        Assert.False(FeeRateSpec.TryParse(Json(json), out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
