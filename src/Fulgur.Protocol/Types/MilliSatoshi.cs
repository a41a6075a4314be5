using System.Globalization;
using Fulgur.Bitcoin;

namespace Fulgur.Protocol.Types;

/// <summary>The unit a bare number means when <see cref="MilliSatoshi.TryParse(ReadOnlySpan{char}, AmountUnit, out MilliSatoshi)"/> sees one.</summary>
public enum AmountUnit
{
    MilliSatoshi,
    Satoshi,
}

/// <summary>
/// An amount in millisatoshis (1 sat = 1000 msat). Arithmetic is checked: an overflow is a bug, not a wrap.
/// Stored as a signed 64-bit value so intermediate balances may go negative; wire fields above
/// <see cref="long.MaxValue"/> are refused by the reader (fields that peers fill with <c>UINT64_MAX</c>,
/// such as <c>max_htlc_value_in_flight_msat</c>, are read as raw <c>u64</c> and clamped by their owner).
/// </summary>
public readonly record struct MilliSatoshi(long Value) : IComparable<MilliSatoshi>
{
    public const long PerSatoshi = 1000;
    public const long PerBitcoin = Satoshi.PerBitcoin * PerSatoshi;

    public static readonly MilliSatoshi Zero = new(0);

    // BOLT #1: "milli-satoshi amounts MUST be at most `0x1d24b2dfac520000`"
    public static readonly MilliSatoshi MaxMoney = new(0x1d24b2dfac520000);

    public static MilliSatoshi FromSatoshi(Satoshi amount) => new(checked(amount.Value * PerSatoshi));

    public static MilliSatoshi FromSatoshi(long satoshis) => new(checked(satoshis * PerSatoshi));

    /// <summary>Whole satoshis, rounding toward zero (the BOLT 3 rule for commitment outputs).</summary>
    public Satoshi TruncateToSatoshi() => new(Value / PerSatoshi);

    /// <summary>The amount in satoshis when it is a whole number of them.</summary>
    public bool TryToSatoshi(out Satoshi amount)
    {
        amount = new Satoshi(Value / PerSatoshi);
        return Value % PerSatoshi == 0;
    }

    /// <summary>True for 0 ≤ value ≤ 21M BTC.</summary>
    public bool IsMoneyRange => Value >= 0 && Value <= MaxMoney.Value;

    public static MilliSatoshi operator +(MilliSatoshi a, MilliSatoshi b) => new(checked(a.Value + b.Value));
    public static MilliSatoshi operator -(MilliSatoshi a, MilliSatoshi b) => new(checked(a.Value - b.Value));
    public static MilliSatoshi operator *(MilliSatoshi a, long factor) => new(checked(a.Value * factor));
    public static MilliSatoshi operator /(MilliSatoshi a, long divisor) => new(a.Value / divisor);
    public static bool operator <(MilliSatoshi a, MilliSatoshi b) => a.Value < b.Value;
    public static bool operator >(MilliSatoshi a, MilliSatoshi b) => a.Value > b.Value;
    public static bool operator <=(MilliSatoshi a, MilliSatoshi b) => a.Value <= b.Value;
    public static bool operator >=(MilliSatoshi a, MilliSatoshi b) => a.Value >= b.Value;

    public static MilliSatoshi Max(MilliSatoshi a, MilliSatoshi b) => a >= b ? a : b;
    public static MilliSatoshi Min(MilliSatoshi a, MilliSatoshi b) => a <= b ? a : b;

    public int CompareTo(MilliSatoshi other) => Value.CompareTo(other.Value);

    /// <summary>
    /// Parses an RPC amount: <c>"1000msat"</c>, <c>"5sat"</c>, <c>"0.001btc"</c>, or a bare non-negative
    /// integer counted in <paramref name="bareUnit"/>. Refuses surrounding spaces, negative amounts, fractions of a millisatoshi and
    /// anything above 21 million BTC.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, AmountUnit bareUnit, out MilliSatoshi amount)
    {
        amount = Zero;
        long multiplier;
        bool allowFraction = false;
        if (text.EndsWith("msat", StringComparison.OrdinalIgnoreCase))
        {
            text = text[..^4];
            multiplier = 1;
        }
        else if (text.EndsWith("sat", StringComparison.OrdinalIgnoreCase))
        {
            text = text[..^3];
            multiplier = PerSatoshi;
        }
        else if (text.EndsWith("btc", StringComparison.OrdinalIgnoreCase))
        {
            text = text[..^3];
            multiplier = PerBitcoin;
            allowFraction = true;
        }
        else
        {
            multiplier = bareUnit == AmountUnit.Satoshi ? PerSatoshi : 1;
        }

        if (text.IsEmpty || !IsPlainNumber(text, allowFraction))
            return false;
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            return false;
        decimal msat;
        try
        {
            msat = number * multiplier;
        }
        catch (OverflowException)
        {
            return false;
        }
        if (msat != decimal.Truncate(msat) || msat < 0 || msat > MaxMoney.Value)
            return false;
        amount = new MilliSatoshi((long)msat);
        return true;
    }

    /// <summary>Parses with bare integers counted in millisatoshis.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out MilliSatoshi amount) =>
        TryParse(text, AmountUnit.MilliSatoshi, out amount);

    public static MilliSatoshi Parse(string text) =>
        TryParse(text, out var amount) ? amount : throw new FormatException($"'{text}' is not an amount such as 1000msat, 5sat or 0.001btc");

    private static bool IsPlainNumber(ReadOnlySpan<char> text, bool allowFraction)
    {
        var seenDot = false;
        var digits = 0;
        foreach (var c in text)
        {
            if (c is >= '0' and <= '9')
            {
                digits++;
            }
            else if (c == '.' && allowFraction && !seenDot)
            {
                seenDot = true;
            }
            else
            {
                return false;
            }
        }
        return digits > 0 && digits <= 28;
    }

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture) + "msat";
}
