namespace Fulgur.Protocol.Wire;

/// <summary>Why a wire decode failed. Each kind is a reason to refuse the message; none is an exception.</summary>
public enum WireErrorKind
{
    None,

    /// <summary>Fewer bytes than the field needs (BOLT 1: "insufficient length for the contents").</summary>
    Truncated,

    /// <summary>A BigSize that could have been encoded in fewer bytes.</summary>
    NonMinimalBigSize,

    /// <summary>A truncated integer (tu16/tu32/tu64) with a leading zero byte.</summary>
    NonMinimalTruncatedInt,

    /// <summary>A truncated integer longer than its type allows.</summary>
    TruncatedIntTooLong,

    /// <summary>A <c>point</c> that is not a valid compressed secp256k1 key.</summary>
    InvalidPoint,

    /// <summary>A <c>signature</c> whose r or s is out of range.</summary>
    InvalidSignature,

    /// <summary>A field whose value is outside what its type allows (an amount over 2^63, say).</summary>
    ValueOutOfRange,

    /// <summary>TLV types not strictly increasing (which includes duplicates).</summary>
    TlvNotIncreasing,

    /// <summary>A TLV length that runs past the end of the stream.</summary>
    TlvLengthExceedsRemaining,

    /// <summary>An unknown even TLV type.</summary>
    TlvUnknownEvenType,

    /// <summary>A known TLV type whose value has the wrong length or content.</summary>
    TlvInvalidValue,

    /// <summary>A message too short to hold its 2-byte type.</summary>
    MissingMessageType,

    /// <summary>An unknown even message type (BOLT 1: the connection must close).</summary>
    UnknownEvenMessageType,

    /// <summary>A message that parses but breaks a rule of its own (a length inconsistent with another field, say).</summary>
    InvalidMessage,
}

/// <summary>A decode failure: what went wrong and where, for the log line and the <c>warning</c> we send back.</summary>
public readonly record struct WireError(WireErrorKind Kind, string Detail)
{
    public static readonly WireError None = new(WireErrorKind.None, "");

    public bool IsNone => Kind == WireErrorKind.None;

    public override string ToString() => Detail.Length == 0 ? Kind.ToString() : $"{Kind}: {Detail}";
}
