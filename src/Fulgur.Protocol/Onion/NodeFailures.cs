using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire;

namespace Fulgur.Protocol.Onion;

/// <summary>PERM|1 (<c>invalid_realm</c>), from BOLT 4 before TLV payloads; decoded for old peers, never sent.</summary>
public sealed record InvalidRealm : FailureMessage
{
    public override FailureCode Code => FailureCode.InvalidRealm;
}

/// <summary>NODE|2 (<c>temporary_node_failure</c>): BOLT #4: "General temporary failure of the processing node."</summary>
public sealed record TemporaryNodeFailure : FailureMessage
{
    public override FailureCode Code => FailureCode.TemporaryNodeFailure;
}

/// <summary>PERM|NODE|2 (<c>permanent_node_failure</c>): BOLT #4: "General permanent failure of the processing node."</summary>
public sealed record PermanentNodeFailure : FailureMessage
{
    public override FailureCode Code => FailureCode.PermanentNodeFailure;
}

/// <summary>PERM|NODE|3 (<c>required_node_feature_missing</c>).</summary>
public sealed record RequiredNodeFeatureMissing : FailureMessage
{
    public override FailureCode Code => FailureCode.RequiredNodeFeatureMissing;
}

/// <summary>PERM|15 (<c>incorrect_or_unknown_payment_details</c>): the final node's catch-all refusal.</summary>
/// <param name="HtlcMsat">The amount of the HTLC the final node received.</param>
/// <param name="Height">BOLT #4: "the best known block height at the time of receiving the htlc"</param>
public sealed record IncorrectOrUnknownPaymentDetails(MilliSatoshi HtlcMsat, BlockHeight Height) : FailureMessage
{
    public override FailureCode Code => FailureCode.IncorrectOrUnknownPaymentDetails;

    private protected override void WriteData(WireWriter writer)
    {
        writer.WriteMilliSatoshi(HtlcMsat);
        writer.WriteBlockHeight(Height);
    }
}

/// <summary>PERM|16 (<c>incorrect_payment_amount</c>): retired; decoded for old peers, never sent.</summary>
public sealed record IncorrectPaymentAmount : FailureMessage
{
    public override FailureCode Code => FailureCode.IncorrectPaymentAmount;
}

/// <summary>17 (<c>final_expiry_too_soon</c>): retired; decoded for old peers, never sent.</summary>
public sealed record FinalExpiryTooSoon : FailureMessage
{
    public override FailureCode Code => FailureCode.FinalExpiryTooSoon;
}

/// <summary>18 (<c>final_incorrect_cltv_expiry</c>): BOLT #4: "The CLTV expiry in the HTLC is less than the value in the onion."</summary>
public sealed record FinalIncorrectCltvExpiry(CltvExpiry CltvExpiry) : FailureMessage
{
    public override FailureCode Code => FailureCode.FinalIncorrectCltvExpiry;

    private protected override void WriteData(WireWriter writer) => writer.WriteCltvExpiry(CltvExpiry);
}

/// <summary>19 (<c>final_incorrect_htlc_amount</c>): BOLT #4: "The amount in the HTLC is less than the value in the onion."</summary>
public sealed record FinalIncorrectHtlcAmount(MilliSatoshi IncomingHtlcAmt) : FailureMessage
{
    public override FailureCode Code => FailureCode.FinalIncorrectHtlcAmount;

    private protected override void WriteData(WireWriter writer) => writer.WriteMilliSatoshi(IncomingHtlcAmt);
}

/// <summary>21 (<c>expiry_too_far</c>): BOLT #4: "The CLTV expiry in the HTLC is too far in the future."</summary>
public sealed record ExpiryTooFar : FailureMessage
{
    public override FailureCode Code => FailureCode.ExpiryTooFar;
}

/// <summary>PERM|22 (<c>invalid_onion_payload</c>): the payload was not understood; <c>type</c> and <c>offset</c>
/// point at the offending TLV record when the node can say which.</summary>
public sealed record InvalidOnionPayload(ulong Type, ushort Offset) : FailureMessage
{
    public override FailureCode Code => FailureCode.InvalidOnionPayload;

    private protected override void WriteData(WireWriter writer)
    {
        writer.WriteBigSize(Type);
        writer.WriteU16(Offset);
    }
}

/// <summary>23 (<c>mpp_timeout</c>): BOLT #4: "The complete amount of the multi-part payment was not received within a reasonable time."</summary>
public sealed record MppTimeout : FailureMessage
{
    public override FailureCode Code => FailureCode.MppTimeout;
}
