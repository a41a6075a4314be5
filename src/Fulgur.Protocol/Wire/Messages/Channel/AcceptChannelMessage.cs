using System.Diagnostics.CodeAnalysis;
using Fulgur.Bitcoin;
using Fulgur.Crypto;
using Fulgur.Protocol.Channels;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Features;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>BOLT 2 <c>accept_channel</c>: the fundee's answer to <c>open_channel</c>, with its parameters and keys.</summary>
/// <param name="UpfrontShutdownScript">The <c>upfront_shutdown_script</c> TLV, or null when absent (empty means "no script").</param>
/// <param name="ChannelType">The <c>channel_type</c> TLV as a feature vector, or null when absent.</param>
/// <param name="UnknownTlvs">Unknown odd TLV records, kept so the message re-encodes exactly.</param>
public sealed record AcceptChannelMessage(
    ChannelId TemporaryChannelId,
    Satoshi DustLimitSatoshis,
    MaxHtlcValueInFlight MaxHtlcValueInFlightMsat,
    Satoshi ChannelReserveSatoshis,
    MilliSatoshi HtlcMinimumMsat,
    uint MinimumDepth,
    ToSelfDelay ToSelfDelay,
    ushort MaxAcceptedHtlcs,
    PublicKey FundingPubkey,
    PublicKey RevocationBasepoint,
    PublicKey PaymentBasepoint,
    PublicKey DelayedPaymentBasepoint,
    PublicKey HtlcBasepoint,
    PublicKey FirstPerCommitmentPoint,
    ByteVector? UpfrontShutdownScript,
    FeatureBits? ChannelType,
    TlvStream UnknownTlvs) : IWireMessage<AcceptChannelMessage>
{
    public static MessageType MessageType => new(33);

    public static string Name => "accept_channel";

    public static IReadOnlyList<WireField> Fields { get; } =
    [
        new("32*byte", "temporary_channel_id"),
        new("u64", "dust_limit_satoshis"),
        new("u64", "max_htlc_value_in_flight_msat"),
        new("u64", "channel_reserve_satoshis"),
        new("u64", "htlc_minimum_msat"),
        new("u32", "minimum_depth"),
        new("u16", "to_self_delay"),
        new("u16", "max_accepted_htlcs"),
        new("point", "funding_pubkey"),
        new("point", "revocation_basepoint"),
        new("point", "payment_basepoint"),
        new("point", "delayed_payment_basepoint"),
        new("point", "htlc_basepoint"),
        new("point", "first_per_commitment_point"),
        new("accept_channel_tlvs", "tlvs"),
    ];

    public static TlvNamespace Tlvs { get; } = OpeningTlvs.Namespace("accept_channel_tlvs");

    public MessageType Type => MessageType;

    public static bool TryReadPayload(ref WireReader reader, [NotNullWhen(true)] out AcceptChannelMessage? message)
    {
        message = null;
        if (!reader.TryReadChannelId(out var temporaryChannelId)
            || !reader.TryReadSatoshi(out var dustLimit)
            || !reader.TryReadMaxHtlcValueInFlight(out var maxInFlight)
            || !reader.TryReadSatoshi(out var channelReserve)
            || !reader.TryReadMilliSatoshi(out var htlcMinimum)
            || !reader.TryReadU32(out var minimumDepth)
            || !reader.TryReadToSelfDelay(out var toSelfDelay)
            || !reader.TryReadU16(out var maxAcceptedHtlcs)
            || !reader.TryReadPoint(out var fundingPubkey)
            || !reader.TryReadPoint(out var revocationBasepoint)
            || !reader.TryReadPoint(out var paymentBasepoint)
            || !reader.TryReadPoint(out var delayedPaymentBasepoint)
            || !reader.TryReadPoint(out var htlcBasepoint)
            || !reader.TryReadPoint(out var firstPerCommitmentPoint)
            || !TlvStream.TryRead(ref reader, Tlvs, out var tlvs))
            return false;
        var (shutdownScript, channelType) = OpeningTlvs.Read(tlvs);
        message = new AcceptChannelMessage(
            temporaryChannelId, dustLimit, maxInFlight, channelReserve, htlcMinimum, minimumDepth, toSelfDelay,
            maxAcceptedHtlcs, fundingPubkey, revocationBasepoint, paymentBasepoint, delayedPaymentBasepoint, htlcBasepoint,
            firstPerCommitmentPoint, shutdownScript, channelType, tlvs.UnknownTo(Tlvs));
        return true;
    }

    public void WritePayload(WireWriter writer)
    {
        writer.WriteChannelId(TemporaryChannelId);
        writer.WriteSatoshi(DustLimitSatoshis);
        writer.WriteU64(MaxHtlcValueInFlightMsat.RawMsat);
        writer.WriteSatoshi(ChannelReserveSatoshis);
        writer.WriteMilliSatoshi(HtlcMinimumMsat);
        writer.WriteU32(MinimumDepth);
        writer.WriteToSelfDelay(ToSelfDelay);
        writer.WriteU16(MaxAcceptedHtlcs);
        writer.WritePoint(FundingPubkey);
        writer.WritePoint(RevocationBasepoint);
        writer.WritePoint(PaymentBasepoint);
        writer.WritePoint(DelayedPaymentBasepoint);
        writer.WritePoint(HtlcBasepoint);
        writer.WritePoint(FirstPerCommitmentPoint);
        OpeningTlvs.With(UnknownTlvs, UpfrontShutdownScript, ChannelType).Write(writer);
    }
}
