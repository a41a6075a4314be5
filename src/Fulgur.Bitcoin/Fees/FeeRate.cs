using System.Globalization;

namespace Fulgur.Bitcoin.Fees;

/// <summary>
/// A fee rate in satoshis per 1000 weight units (sat/kw), the unit BOLT 2's <c>feerate_per_kw</c> and BOLT 3's fee
/// formulas use. 1 sat/vB = 250 sat/kw, since a virtual byte is 4 weight units; bitcoind's sat/kvB = 4 × sat/kw.
/// </summary>
public readonly record struct FeeRate(long SatPerKw) : IComparable<FeeRate>
{
    /// <summary>
    /// 253 sat/kw: bitcoind's minimum relay rate of 1 sat/vB (250 sat/kw) plus headroom for its rounding of vsize,
    /// the floor Lightning implementations use for <c>feerate_per_kw</c>.
    /// </summary>
    public static readonly FeeRate Floor = new(253);

    public static readonly FeeRate Zero = new(0);

    public static FeeRate FromSatPerVByte(decimal satPerVByte) =>
        new(checked((long)decimal.Ceiling(satPerVByte * 250)));

    /// <summary>From bitcoind's sat/kvB (estimatesmartfee's BTC/kvB × 10^8), rounding down as BOLT implementations do.</summary>
    public static FeeRate FromSatPerKvB(long satPerKvB) => new(satPerKvB / 4);

    public decimal SatPerVByte => SatPerKw / 250m;

    public long SatPerKvB => checked(SatPerKw * 4);

    /// <summary>
    /// The fee for <paramref name="weight"/> weight units with floor division. BOLT #3: "Multiply `feerate_per_kw` by
    /// `weight`, divide by 1000 (rounding down)." 
    /// </summary>
    public Satoshi FeeForWeight(long weight) => new(checked(SatPerKw * weight) / 1000);

    /// <summary>
    /// The fee for a transaction of <paramref name="virtualSize"/> vbytes as bitcoind's CFeeRate::GetFee computes it from
    /// sat/kvB: rounded up, so a transaction paying it meets the rate.
    /// </summary>
    public Satoshi FeeForVirtualSize(long virtualSize)
    {
        var numerator = checked(SatPerKvB * virtualSize);
        return new Satoshi(numerator / 1000 + (numerator % 1000 > 0 ? 1 : 0));
    }

    public int CompareTo(FeeRate other) => SatPerKw.CompareTo(other.SatPerKw);

    public static bool operator <(FeeRate a, FeeRate b) => a.SatPerKw < b.SatPerKw;

    public static bool operator >(FeeRate a, FeeRate b) => a.SatPerKw > b.SatPerKw;

    public static bool operator <=(FeeRate a, FeeRate b) => a.SatPerKw <= b.SatPerKw;

    public static bool operator >=(FeeRate a, FeeRate b) => a.SatPerKw >= b.SatPerKw;

    public override string ToString() => SatPerKw.ToString(CultureInfo.InvariantCulture) + "sat/kw";
}
