using System.Globalization;

namespace Fulgur.Bitcoin.Sighash;

/// <summary>
/// The hash type appended to a signature and committed to by the sighash. Stored as the full 32-bit value because
/// the legacy sighash commits to all 32 bits; the mode is the low 5 bits plus the ANYONECANPAY bit, as bitcoind reads it.
/// </summary>
public readonly record struct SigHashType(uint Value)
{
    public static readonly SigHashType All = new(1);
    public static readonly SigHashType None = new(2);
#pragma warning disable CA1720 // SIGHASH_SINGLE is the protocol's name, not a type name.
    public static readonly SigHashType Single = new(3);
#pragma warning restore CA1720
    public static readonly SigHashType AllAnyoneCanPay = new(0x81);
    public static readonly SigHashType NoneAnyoneCanPay = new(0x82);
    public static readonly SigHashType SingleAnyoneCanPay = new(0x83);

    public const uint AnyoneCanPayFlag = 0x80;

    /// <summary>The low 5 bits, which select ALL (1), NONE (2) or SINGLE (3); anything else behaves as ALL.</summary>
    public uint BaseType => Value & 0x1f;

    public bool IsAnyoneCanPay => (Value & AnyoneCanPayFlag) != 0;

    public bool IsSingle => BaseType == 3;

    public bool IsNone => BaseType == 2;

    /// <summary>bitcoind's IsDefinedHashtypeSignature (STRICTENC): the byte, without ANYONECANPAY, is 1, 2 or 3.</summary>
    public bool IsDefined
    {
        get
        {
            var withoutAcp = Value & ~AnyoneCanPayFlag;
            return withoutAcp is >= 1 and <= 3;
        }
    }

    public override string ToString() => (Value & ~AnyoneCanPayFlag) switch
    {
        1 => IsAnyoneCanPay ? "ALL|ANYONECANPAY" : "ALL",
        2 => IsAnyoneCanPay ? "NONE|ANYONECANPAY" : "NONE",
        3 => IsAnyoneCanPay ? "SINGLE|ANYONECANPAY" : "SINGLE",
        _ => "0x" + Value.ToString("x", CultureInfo.InvariantCulture),
    };
}
