using System.Diagnostics.CodeAnalysis;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>
/// BOLT 2 <c>commitment_signed</c>: the sender's signature of the receiver's next commitment, and one signature per
/// HTLC output of it (in the commitment's output order).
/// </summary>
/// <param name="FundingTxid">The <c>funding_txid</c> TLV (which funding a splice-era signature is for), or null when absent.</param>
public sealed record CommitmentSignedMessage(
    ChannelId ChannelId,
    EcdsaSignature Signature,
    IReadOnlyList<EcdsaSignature> HtlcSignatures,
    TxId? FundingTxid,
    TlvStream UnknownTlvs) : IWireMessage<CommitmentSignedMessage>
{
    private const ulong FundingTxidType = 1;

    public CommitmentSignedMessage(ChannelId channelId, EcdsaSignature signature, IReadOnlyList<EcdsaSignature> htlcSignatures)
        : this(channelId, signature, htlcSignatures, null, TlvStream.Empty)
    {
    }

    public static MessageType MessageType => new(132);

    public static string Name => "commitment_signed";

    public static IReadOnlyList<WireField> Fields { get; } =
    [
        new("channel_id", "channel_id"),
        new("signature", "signature"),
        new("u16", "num_htlcs"),
        new("num_htlcs*signature", "htlc_signature"),
        new("commitment_signed_tlvs", "tlvs"),
    ];

    public static TlvNamespace Tlvs { get; } = new("commitment_signed_tlvs",
        new TlvType(FundingTxidType, "funding_txid", ChannelFieldCodecs.Sha256));

    public MessageType Type => MessageType;

    public static bool TryReadPayload(ref WireReader reader, [NotNullWhen(true)] out CommitmentSignedMessage? message)
    {
        message = null;
        if (!reader.TryReadChannelId(out var channelId)
            || !reader.TryReadSignature(out var signature)
            || !reader.TryReadU16(out var count))
            return false;
        // Each signature takes 64 bytes: refuse a count the rest of the message cannot hold before allocating for it.
        if (count > reader.Remaining / 64)
            return reader.Fail(WireErrorKind.Truncated, $"num_htlcs {count} needs {count * 64} bytes, {reader.Remaining} left");
        var htlcSignatures = new EcdsaSignature[count];
        for (var i = 0; i < count; i++)
        {
            if (!reader.TryReadSignature(out var htlcSignature))
                return false;
            htlcSignatures[i] = htlcSignature;
        }
        if (!TlvStream.TryRead(ref reader, Tlvs, out var tlvs))
            return false;
        TxId? fundingTxid = null;
        if (tlvs.TryGetValue(FundingTxidType, out var value))
            fundingTxid = TxId.FromBytes(value.Span);
        message = new CommitmentSignedMessage(channelId, signature, htlcSignatures, fundingTxid, tlvs.UnknownTo(Tlvs));
        return true;
    }

    public void WritePayload(WireWriter writer)
    {
        ArgumentNullException.ThrowIfNull(HtlcSignatures);
        if (HtlcSignatures.Count > ushort.MaxValue)
            throw new InvalidOperationException($"{HtlcSignatures.Count} HTLC signatures do not fit num_htlcs");
        writer.WriteChannelId(ChannelId);
        writer.WriteSignature(Signature);
        writer.WriteU16((ushort)HtlcSignatures.Count);
        foreach (var htlcSignature in HtlcSignatures)
            writer.WriteSignature(htlcSignature);
        var tlvs = UnknownTlvs;
        if (FundingTxid is { } txid)
            tlvs = tlvs.With(FundingTxidType, new ByteVector(txid.ToBytes()));
        tlvs.Write(writer);
    }

    public bool Equals(CommitmentSignedMessage? other) =>
        other is not null
        && ChannelId == other.ChannelId
        && Signature.Equals(other.Signature)
        && HtlcSignatures.SequenceEqual(other.HtlcSignatures)
        && FundingTxid == other.FundingTxid
        && UnknownTlvs == other.UnknownTlvs;

    public override int GetHashCode() => HashCode.Combine(ChannelId, Signature, HtlcSignatures.Count, FundingTxid, UnknownTlvs);
}
