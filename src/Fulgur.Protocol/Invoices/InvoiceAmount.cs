using System.Globalization;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Invoices;

/// <summary>
/// The <c>amount</c> of a BOLT 11 human-readable part: a decimal count of bitcoin followed by an optional multiplier
/// (m = 10⁻³, u = 10⁻⁶, n = 10⁻⁹, p = 10⁻¹²). One pico-bitcoin is a tenth of a millisatoshi.
/// </summary>
public static class InvoiceAmount
{
    // 1 BTC = 10^12 pico-BTC; 1 msat = 10 pico-BTC.
    private const long PicoPerMilliSatoshi = 10;

    // Enough digits for 21 million BTC in pico-BTC (2.1e19, twenty digits); anything longer is refused before arithmetic.
    private const int MaxDigits = 20;

    private static readonly (char Letter, ulong PicoPerUnit)[] Multipliers =
    [
        ('m', 1_000_000_000),
        ('u', 1_000_000),
        ('n', 1_000),
        ('p', 1),
    ];

    private const ulong PicoPerBitcoin = 1_000_000_000_000;

    /// <summary>Parses the text after the currency prefix (non-empty; an empty amount means "any amount").</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out MilliSatoshi amount, out Bolt11Error error)
    {
        amount = MilliSatoshi.Zero;
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
            digits++;
        // BOLT #11: "if `amount` contains a non-digit OR is followed by anything except a `multiplier` (see table above): - MUST fail the payment."
        if (digits == 0)
            return Fail(Bolt11ErrorKind.InvalidAmount, "the amount does not start with a digit", out error);
        var rest = text[digits..];
        var picoPerUnit = PicoPerBitcoin;
        var multiplier = '\0';
        if (!rest.IsEmpty)
        {
            multiplier = rest[0];
            var known = Array.FindIndex(Multipliers, m => m.Letter == multiplier);
            if (!char.IsAsciiLetter(multiplier) || rest.Length > 1)
                return Fail(Bolt11ErrorKind.InvalidAmount, $"'{text}' is not digits followed by an optional multiplier", out error);
            if (known < 0)
                return Fail(Bolt11ErrorKind.InvalidMultiplier, $"'{multiplier}' is not a multiplier (m, u, n or p)", out error);
            picoPerUnit = Multipliers[known].PicoPerUnit;
        }
        var number = text[..digits];
        // BOLT #11: "MUST encode `amount` as a positive decimal integer with no leading 0s."
        if (number[0] == '0')
            return Fail(Bolt11ErrorKind.InvalidAmount, "the amount is zero or has a leading zero", out error);
        if (number.Length > MaxDigits)
            return Fail(Bolt11ErrorKind.InvalidAmount, "the amount is larger than 21 million bitcoin", out error);
        var value = UInt128.Parse(number, NumberStyles.None, CultureInfo.InvariantCulture);
        // BOLT #11: "if multiplier is `p` and the last decimal of `amount` is not 0: - MUST fail the payment."
        if (multiplier == 'p' && value % PicoPerMilliSatoshi != 0)
            return Fail(Bolt11ErrorKind.SubMillisatoshiAmount, $"{number}p is not a whole number of millisatoshis", out error);
        var msat = value * picoPerUnit / PicoPerMilliSatoshi;
        if (msat > (UInt128)MilliSatoshi.MaxMoney.Value)
            return Fail(Bolt11ErrorKind.InvalidAmount, "the amount is larger than 21 million bitcoin", out error);
        amount = new MilliSatoshi((long)msat);
        error = Bolt11Error.None;
        return true;
    }

    /// <summary>
    /// The shortest form of a positive amount. BOLT #11: "SHOULD use the shortest representation possible, by using
    /// the largest multiplier or omitting the multiplier."
    /// </summary>
    public static string Format(MilliSatoshi amount)
    {
        if (amount.Value <= 0 || !amount.IsMoneyRange)
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "an invoice amount is positive and at most 21 million BTC");
        var pico = (UInt128)amount.Value * PicoPerMilliSatoshi;
        if (pico % PicoPerBitcoin == 0)
            return (pico / PicoPerBitcoin).ToString(CultureInfo.InvariantCulture);
        foreach (var (letter, picoPerUnit) in Multipliers)
        {
            if (pico % picoPerUnit == 0)
                return (pico / picoPerUnit).ToString(CultureInfo.InvariantCulture) + letter;
        }
        throw new InvalidOperationException("every amount is a whole number of pico-bitcoin");
    }

    private static bool Fail(Bolt11ErrorKind kind, string detail, out Bolt11Error error)
    {
        error = new Bolt11Error(kind, detail);
        return false;
    }
}
