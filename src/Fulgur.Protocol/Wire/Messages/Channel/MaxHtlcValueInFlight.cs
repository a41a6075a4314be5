using System.Globalization;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>
/// <c>max_htlc_value_in_flight_msat</c> exactly as the peer sent it: a raw <c>u64</c> of millisatoshis. Peers commonly
/// send <c>UINT64_MAX</c> ("no limit"), which does not fit <see cref="MilliSatoshi"/>, so the owner of the channel
/// clamps it (to the channel capacity, say) with <see cref="Clamp"/> instead of the reader refusing it.
/// </summary>
public readonly record struct MaxHtlcValueInFlight(ulong RawMsat)
{
    /// <summary><c>UINT64_MAX</c>: the conventional "no limit".</summary>
    public static readonly MaxHtlcValueInFlight Unlimited = new(ulong.MaxValue);

    public static MaxHtlcValueInFlight From(MilliSatoshi amount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount.Value, nameof(amount));
        return new MaxHtlcValueInFlight((ulong)amount.Value);
    }

    /// <summary>The limit, or <paramref name="ceiling"/> when the limit is larger (or unrepresentable).</summary>
    public MilliSatoshi Clamp(MilliSatoshi ceiling) =>
        ceiling.Value >= 0 && RawMsat > (ulong)ceiling.Value ? ceiling : new MilliSatoshi((long)Math.Min(RawMsat, long.MaxValue));

    public override string ToString() => RawMsat.ToString(CultureInfo.InvariantCulture) + "msat";
}
