namespace Fulgur.Protocol.Invoices;

/// <summary>Why a string is not a payable BOLT 11 invoice. Every kind means "MUST fail the payment".</summary>
public enum Bolt11ErrorKind
{
    None = 0,

    /// <summary>Not bech32 at all: empty, a character outside 33–126 or outside the bech32 alphabet, no checksum.</summary>
    MalformedBech32,

    /// <summary>BIP173: "Decoders MUST NOT accept strings where some characters are uppercase and some are lowercase".</summary>
    MixedCase,

    /// <summary>No '1' separating the human-readable part from the data.</summary>
    MissingSeparator,

    /// <summary>BOLT #11: "if the checksum is incorrect: - MUST fail the payment." (also a bech32m checksum).</summary>
    InvalidChecksum,

    /// <summary>Longer than <see cref="Bolt11Invoice.MaxLength"/>: our guard against unbounded input.</summary>
    TooLong,

    /// <summary>BOLT #11: "if it does NOT understand the `prefix`: - MUST fail the payment."</summary>
    UnknownPrefix,

    /// <summary>BOLT #11: "if `amount` contains a non-digit OR is followed by anything except a `multiplier`" (also leading zeros, zero, or above 21 million BTC).</summary>
    InvalidAmount,

    /// <summary>The amount is followed by a letter that is not one of m, u, n, p.</summary>
    InvalidMultiplier,

    /// <summary>BOLT #11: "if multiplier is `p` and the last decimal of `amount` is not 0: - MUST fail the payment."</summary>
    SubMillisatoshiAmount,

    /// <summary>Too few data characters for a timestamp and a 520-bit signature.</summary>
    TooShort,

    /// <summary>A tagged field whose header or data runs past the end of the data part.</summary>
    TruncatedField,

    /// <summary>BOLT #11: "if a `c`, `x`, or `9` field is provided which has a non-minimal `data_length`" (we follow the SHOULD).</summary>
    NonMinimalField,

    /// <summary>An <c>x</c> or <c>c</c> value too large to mean anything (more than the type holding it).</summary>
    FieldValueTooLarge,

    /// <summary>A <c>d</c> field that is not valid UTF-8.</summary>
    InvalidDescription,

    /// <summary>An <c>r</c> field that is not a whole number of 51-byte hops, or holds an invalid node key.</summary>
    InvalidRouteHint,

    /// <summary>An <c>f</c> field of a known version (0–18) whose program has the wrong length.</summary>
    InvalidFallbackAddress,

    /// <summary>BOLT #11: "if the `9` field contains unknown _even_ bits that are non-zero: - MUST fail the payment."</summary>
    UnknownRequiredFeature,

    /// <summary>No valid <c>p</c> field.</summary>
    MissingPaymentHash,

    /// <summary>BOLT #11: "if a valid `s` field is not provided: - MUST fail the payment."</summary>
    MissingPaymentSecret,

    /// <summary>BOLT #11: "MUST fail the payment if neither a `d` field nor a `h` field is present".</summary>
    MissingDescription,

    /// <summary>BOLT #11: "or if both are present" (also more than one of either).</summary>
    MultipleDescriptions,

    /// <summary>The recovery id is not in {0,1,2,3}, or no public key can be recovered from the signature.</summary>
    UnrecoverableSignature,

    /// <summary>BOLT #11: "If the signature is not compliant with the low-S standard rule" with an <c>n</c> field.</summary>
    HighSSignature,

    /// <summary>BOLT #11: "MUST check that the `signature` is valid": it does not verify against the <c>n</c> field.</summary>
    SignatureMismatch,
}

/// <summary>A refusal: what is wrong and a sentence for the user.</summary>
public readonly record struct Bolt11Error(Bolt11ErrorKind Kind, string Detail)
{
    public static readonly Bolt11Error None = new(Bolt11ErrorKind.None, "");

    public override string ToString() => $"{Kind}: {Detail}";
}
