using System.Globalization;

namespace Fulgur.Bitcoin;

/// <summary>An amount of bitcoin in satoshis (1 BTC = 100,000,000 sat). Arithmetic is checked: an overflow is a bug, not a wrap.</summary>
public readonly record struct Satoshi(long Value) : IComparable<Satoshi>
{
    public const long PerBitcoin = 100_000_000;

    /// <summary>The 21 million BTC supply limit; no valid amount exceeds it.</summary>
    public static readonly Satoshi MaxMoney = new(21_000_000 * PerBitcoin);

    public static readonly Satoshi Zero = new(0);

    public static Satoshi operator +(Satoshi a, Satoshi b) => new(checked(a.Value + b.Value));
    public static Satoshi operator -(Satoshi a, Satoshi b) => new(checked(a.Value - b.Value));
    public static Satoshi operator *(Satoshi a, long factor) => new(checked(a.Value * factor));
    public static bool operator <(Satoshi a, Satoshi b) => a.Value < b.Value;
    public static bool operator >(Satoshi a, Satoshi b) => a.Value > b.Value;
    public static bool operator <=(Satoshi a, Satoshi b) => a.Value <= b.Value;
    public static bool operator >=(Satoshi a, Satoshi b) => a.Value >= b.Value;

    public static Satoshi Max(Satoshi a, Satoshi b) => a >= b ? a : b;
    public static Satoshi Min(Satoshi a, Satoshi b) => a <= b ? a : b;

    /// <summary>True for 0 ≤ value ≤ 21M BTC, the range bitcoind's MoneyRange accepts.</summary>
    public bool IsMoneyRange => Value >= 0 && Value <= MaxMoney.Value;

    public int CompareTo(Satoshi other) => Value.CompareTo(other.Value);

    /// <summary>The amount in BTC as bitcoind's JSON prints it (8 decimals).</summary>
    public decimal ToBtc() => Value / (decimal)PerBitcoin;

    public static Satoshi FromBtc(decimal btc)
    {
        var sat = btc * PerBitcoin;
        if (sat != decimal.Truncate(sat))
            throw new ArgumentException($"{btc} BTC is not a whole number of satoshis", nameof(btc));
        return new Satoshi(checked((long)sat));
    }

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture) + "sat";
}
