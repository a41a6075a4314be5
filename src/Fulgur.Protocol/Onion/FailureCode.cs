using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Fulgur.Protocol.Onion;

/// <summary>
/// A BOLT 4 <c>failure_code</c>: a u16 whose top bits are flags. BOLT #4: "The top byte of `failure_code` can be read
/// as a set of flags". Unknown codes are representable (the origin must still make sense of their flags).
/// </summary>
public readonly record struct FailureCode(ushort Value)
{
    /// <summary>BOLT #4: "0x8000 (BADONION): unparsable onion encrypted by sending peer"</summary>
    public const ushort BadOnionFlag = 0x8000;

    /// <summary>BOLT #4: "0x4000 (PERM): permanent failure (otherwise transient)"</summary>
    public const ushort PermFlag = 0x4000;

    /// <summary>BOLT #4: "0x2000 (NODE): node failure (otherwise channel)"</summary>
    public const ushort NodeFlag = 0x2000;

    /// <summary>BOLT #4: "0x1000 (UPDATE): channel forwarding parameter was violated"</summary>
    public const ushort UpdateFlag = 0x1000;

    /// <summary>PERM|1, from earlier versions of BOLT 4 (the pre-TLV realm byte); still decoded for old peers.</summary>
    public static FailureCode InvalidRealm => new(PermFlag | 1);

    public static FailureCode TemporaryNodeFailure => new(NodeFlag | 2);
    public static FailureCode PermanentNodeFailure => new(PermFlag | NodeFlag | 2);
    public static FailureCode RequiredNodeFeatureMissing => new(PermFlag | NodeFlag | 3);
    public static FailureCode InvalidOnionVersion => new(BadOnionFlag | PermFlag | 4);
    public static FailureCode InvalidOnionHmac => new(BadOnionFlag | PermFlag | 5);
    public static FailureCode InvalidOnionKey => new(BadOnionFlag | PermFlag | 6);
    public static FailureCode TemporaryChannelFailure => new(UpdateFlag | 7);
    public static FailureCode PermanentChannelFailure => new(PermFlag | 8);
    public static FailureCode RequiredChannelFeatureMissing => new(PermFlag | 9);
    public static FailureCode UnknownNextPeer => new(PermFlag | 10);
    public static FailureCode AmountBelowMinimum => new(UpdateFlag | 11);
    public static FailureCode FeeInsufficient => new(UpdateFlag | 12);
    public static FailureCode IncorrectCltvExpiry => new(UpdateFlag | 13);
    public static FailureCode ExpiryTooSoon => new(UpdateFlag | 14);
    public static FailureCode IncorrectOrUnknownPaymentDetails => new(PermFlag | 15);

    /// <summary>BOLT #4: "Originally PERM|16 (`incorrect_payment_amount`) and 17 (`final_expiry_too_soon`) were used"</summary>
    public static FailureCode IncorrectPaymentAmount => new(PermFlag | 16);

    /// <summary>Legacy 17; see <see cref="IncorrectPaymentAmount"/>.</summary>
    public static FailureCode FinalExpiryTooSoon => new(17);

    public static FailureCode FinalIncorrectCltvExpiry => new(18);
    public static FailureCode FinalIncorrectHtlcAmount => new(19);
    public static FailureCode ChannelDisabled => new(UpdateFlag | 20);
    public static FailureCode ExpiryTooFar => new(21);
    public static FailureCode InvalidOnionPayload => new(PermFlag | 22);
    public static FailureCode MppTimeout => new(23);
    public static FailureCode InvalidOnionBlinding => new(BadOnionFlag | PermFlag | 24);

    private static readonly Dictionary<ushort, string> Names = new()
    {
        [InvalidRealm.Value] = "WIRE_INVALID_REALM",
        [TemporaryNodeFailure.Value] = "WIRE_TEMPORARY_NODE_FAILURE",
        [PermanentNodeFailure.Value] = "WIRE_PERMANENT_NODE_FAILURE",
        [RequiredNodeFeatureMissing.Value] = "WIRE_REQUIRED_NODE_FEATURE_MISSING",
        [InvalidOnionVersion.Value] = "WIRE_INVALID_ONION_VERSION",
        [InvalidOnionHmac.Value] = "WIRE_INVALID_ONION_HMAC",
        [InvalidOnionKey.Value] = "WIRE_INVALID_ONION_KEY",
        [TemporaryChannelFailure.Value] = "WIRE_TEMPORARY_CHANNEL_FAILURE",
        [PermanentChannelFailure.Value] = "WIRE_PERMANENT_CHANNEL_FAILURE",
        [RequiredChannelFeatureMissing.Value] = "WIRE_REQUIRED_CHANNEL_FEATURE_MISSING",
        [UnknownNextPeer.Value] = "WIRE_UNKNOWN_NEXT_PEER",
        [AmountBelowMinimum.Value] = "WIRE_AMOUNT_BELOW_MINIMUM",
        [FeeInsufficient.Value] = "WIRE_FEE_INSUFFICIENT",
        [IncorrectCltvExpiry.Value] = "WIRE_INCORRECT_CLTV_EXPIRY",
        [ExpiryTooSoon.Value] = "WIRE_EXPIRY_TOO_SOON",
        [IncorrectOrUnknownPaymentDetails.Value] = "WIRE_INCORRECT_OR_UNKNOWN_PAYMENT_DETAILS",
        [IncorrectPaymentAmount.Value] = "WIRE_INCORRECT_PAYMENT_AMOUNT",
        [FinalExpiryTooSoon.Value] = "WIRE_FINAL_EXPIRY_TOO_SOON",
        [FinalIncorrectCltvExpiry.Value] = "WIRE_FINAL_INCORRECT_CLTV_EXPIRY",
        [FinalIncorrectHtlcAmount.Value] = "WIRE_FINAL_INCORRECT_HTLC_AMOUNT",
        [ChannelDisabled.Value] = "WIRE_CHANNEL_DISABLED",
        [ExpiryTooFar.Value] = "WIRE_EXPIRY_TOO_FAR",
        [InvalidOnionPayload.Value] = "WIRE_INVALID_ONION_PAYLOAD",
        [MppTimeout.Value] = "WIRE_MPP_TIMEOUT",
        [InvalidOnionBlinding.Value] = "WIRE_INVALID_ONION_BLINDING",
    };

    /// <summary>Every code this implementation knows by name.</summary>
    public static IEnumerable<FailureCode> Known => Names.Keys.Select(v => new FailureCode(v));

    public bool IsBadOnion => (Value & BadOnionFlag) != 0;
    public bool IsPermanent => (Value & PermFlag) != 0;
    public bool IsNode => (Value & NodeFlag) != 0;
    public bool IsUpdate => (Value & UpdateFlag) != 0;

    public bool IsKnown => Names.ContainsKey(Value);

    public static bool TryGetName(FailureCode code, [NotNullWhen(true)] out string? name) => Names.TryGetValue(code.Value, out name);

    /// <summary>"WIRE_TEMPORARY_CHANNEL_FAILURE" and so on; an unknown code reads "WIRE_UNKNOWN_FAILURE_0x1234".</summary>
    public static string Name(FailureCode code) =>
        Names.TryGetValue(code.Value, out var name)
            ? name
            : "WIRE_UNKNOWN_FAILURE_0x" + code.Value.ToString("x4", CultureInfo.InvariantCulture);

    public override string ToString() => Name(this);
}
