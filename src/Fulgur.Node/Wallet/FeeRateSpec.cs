using System.Globalization;
using System.Text.Json;
using Fulgur.Bitcoin.Fees;
using Fulgur.Node.Chain;

namespace Fulgur.Node.Wallet;

/// <summary>
/// A feerate as Core Lightning's RPC takes it: <c>urgent</c>/<c>normal</c>/<c>slow</c> (estimated), or a number with
/// an optional unit: <c>perkb</c> (sat per 1000 virtual bytes, the default for a bare number, as in Core Lightning),
/// <c>perkw</c> (sat per 1000 weight units) or <c>satvb</c>/<c>sat/vB</c>. Results below 253 sat/kw are refused.
/// </summary>
public readonly record struct FeeRateSpec(FeeTarget? Target, FeeRate Explicit)
{
    public static bool TryParse(JsonElement value, out FeeRateSpec spec, out string error)
    {
        spec = default;
        error = "";
        string text;
        if (value.ValueKind == JsonValueKind.Number)
            text = value.GetRawText();
        else if (value.ValueKind == JsonValueKind.String)
            text = value.GetString()!.Trim();
        else
        {
            error = "should be urgent, normal, slow or a number with perkb, perkw or satvb";
            return false;
        }
        switch (text)
        {
            case "urgent": spec = new FeeRateSpec(FeeTarget.Urgent, default); return true;
            case "normal": spec = new FeeRateSpec(FeeTarget.Normal, default); return true;
            case "slow": spec = new FeeRateSpec(FeeTarget.Slow, default); return true;
        }
        var (number, unit) = Split(text);
        if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) || n <= 0 || n > 100_000_000)
        {
            error = $"'{text}' should be urgent, normal, slow or a positive number with perkb, perkw or satvb";
            return false;
        }
        FeeRate rate;
        switch (unit.ToLowerInvariant())
        {
            case "" or "perkb": rate = FeeRate.FromSatPerKvB((long)n); break;
            case "perkw": rate = new FeeRate((long)n); break;
            case "satvb" or "sat/vb": rate = FeeRate.FromSatPerVByte(n); break;
            default:
                error = $"'{text}': unknown unit '{unit}' (perkb, perkw or satvb)";
                return false;
        }
        if (rate < FeeRate.Floor)
        {
            error = $"'{text}' is below the minimum of {FeeRate.Floor.SatPerKw} sat/kw (1012 perkb)";
            return false;
        }
        spec = new FeeRateSpec(null, rate);
        return true;
    }

    private static (string Number, string Unit) Split(string text)
    {
        var i = 0;
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            i++;
        return (text[..i], text[i..]);
    }

    public async Task<FeeRate> ResolveAsync(IFeeEstimator estimator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        return Target is { } target ? await estimator.GetFeeRateAsync(target, cancellationToken).ConfigureAwait(false) : Explicit;
    }
}
